//! Sections and grouping: panel/div, section, article, nav, header, footer, main, aside, br, hr, ….

use super::base::{Attr, Element};
use super::kind::*;

constructors! {
    /// `<div>`: NITRO's `#panel`, the generic container.
    panel => Panel("div", Click);
    /// `<div>`: the same element as [`panel`], under its HTML name.
    div => Panel("div", Click);
    /// `<section>`.
    section => Section("section", Click);
    /// `<article>`.
    article => Article("article", Click);
    /// `<nav>`.
    nav => Nav("nav", Click);
    /// `<header>`.
    header => Header("header", Click);
    /// `<footer>`.
    footer => Footer("footer", Click);
    /// `<main>`.
    main => Main("main", Click);
    /// `<aside>`.
    aside => Aside("aside", Click);
    /// `<blockquote>`.
    blockquote => Blockquote("blockquote", Click);
    /// `<figure>`.
    figure => Figure("figure", Click);
    /// `<figcaption>`.
    figcaption => Figcaption("figcaption", Click);
    /// `<details>`: a disclosure box; its first child is usually a [`summary`].
    details => Details("details", Click);
    /// `<summary>`.
    summary => Summary("summary", Click);
    /// `<template>`: markup kept inert in the page, for client code to clone.
    template => Template("template", Click);
    /// `<br>`: a line break (void).
    br => Br("br", Click) void;
    /// `<hr>`: a thematic break (void).
    hr => Hr("hr", Click) void;
}

impl Element<Details> {
    /// The boolean `open` attribute: shown expanded.
    pub fn open(self, open: bool) -> Self {
        self.flag(Attr::Open, open)
    }
}
