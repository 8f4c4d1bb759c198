//! Every element with every attribute it takes, through the real builders.
//! Generated from n2o-macros/src/elements.rs: `N2O_UPDATE_FIXTURES=1 cargo test -p n2o-macros`.

use n2o::element::{ButtonType, render};
use n2o::js::Js;
use n2o::postback::InsecureTestSeal;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Go,
}

fn main() {
    let page = nitro! {
        #panel{
            id: x_panel, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #div{
            id: x_div, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #section{
            id: x_section, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #article{
            id: x_article, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #nav{
            id: x_nav, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #header{
            id: x_header, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #footer{
            id: x_footer, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #main{
            id: x_main, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #aside{
            id: x_aside, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #blockquote{
            id: x_blockquote, class: ["a", "b"], style: "color: red", title: "t",
            data: [("k", "v")], aria: [("label", "l")], attrs: [("x-k", "v")], role: "button",
            tabindex: 0, hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #figure{
            id: x_figure, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #figcaption{
            id: x_figcaption, class: ["a", "b"], style: "color: red", title: "t",
            data: [("k", "v")], aria: [("label", "l")], attrs: [("x-k", "v")], role: "button",
            tabindex: 0, hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #details{
            id: x_details, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], open: true,
        }
        #summary{
            id: x_summary, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #template{
            id: x_template, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #br{
            id: x_br, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(),
        }
        #hr{
            id: x_hr, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(),
        }
        #span{
            id: x_span, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #p{
            id: x_p, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #h1{
            id: x_h1, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #h2{
            id: x_h2, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #h3{
            id: x_h3, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #h4{
            id: x_h4, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #h5{
            id: x_h5, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #h6{
            id: x_h6, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #link{
            id: x_link, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], href: "/next", target: "_blank",
            rel: "noopener", download: "a.txt",
        }
        #pre{
            id: x_pre, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #code{
            id: x_code, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #strong{
            id: x_strong, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #em{
            id: x_em, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #i{
            id: x_i, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #b{
            id: x_b, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #small{
            id: x_small, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #sub{
            id: x_sub, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #sup{
            id: x_sup, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #mark{
            id: x_mark, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #time{
            id: x_time, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], datetime: "2024-01-31",
        }
        #abbr{
            id: x_abbr, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #literal{
            text: "t", html: "<b>h</b>",
        }
        #form{
            id: x_form, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], name: "v", autocomplete: "off",
        }
        #fieldset{
            id: x_fieldset, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], name: "v", disabled: true,
        }
        #legend{
            id: x_legend, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #label{
            id: x_label, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], for: x_panel,
        }
        #textarea{
            id: x_textarea, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), validate: n2o::js!(|v: &str| !v.is_empty()),
            invalid: "required", name: "v", placeholder: "v", maxlength: 3, minlength: 3,
            disabled: true, readonly: true, required: true, autofocus: true, autocomplete: "off",
            value: "v", rows: 2, cols: 2,
        }
        #dropdown{
            id: x_dropdown, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], name: "v", disabled: true, required: true,
            autofocus: true, autocomplete: "off", multiple: true, value: "v",
        }
        #option{
            id: x_option, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], value: "v", disabled: true, selected: true,
        }
        #progress{
            id: x_progress, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], value: "v", max: 9,
        }
        #meter{
            id: x_meter, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], value: "v", min: 1, max: 9, low: 1, high: 9,
            optimum: 9,
        }
        #output{
            id: x_output, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], name: "v", for: x_panel,
        }
        #button{
            id: x_button, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], value: "v", name: "v", disabled: true,
            autofocus: true, type: ButtonType::Submit,
        }
        #textbox{
            id: x_textbox, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", validate: n2o::js!(|v: &str| !v.is_empty()),
            invalid: "required", name: "v", placeholder: "v", maxlength: 3, minlength: 3,
            pattern: "[a-z]+", disabled: true, readonly: true, required: true, autofocus: true,
            autocomplete: "off",
        }
        #password{
            id: x_password, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", validate: n2o::js!(|v: &str| !v.is_empty()),
            invalid: "required", name: "v", placeholder: "v", maxlength: 3, minlength: 3,
            pattern: "[a-z]+", disabled: true, readonly: true, required: true, autofocus: true,
            autocomplete: "off",
        }
        #hidden{
            id: x_hidden, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", validate: n2o::js!(|v: &str| !v.is_empty()),
            invalid: "required", name: "v", autocomplete: "off",
        }
        #email{
            id: x_email, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", validate: n2o::js!(|v: &str| !v.is_empty()),
            invalid: "required", name: "v", placeholder: "v", maxlength: 3, minlength: 3,
            pattern: "[a-z]+", disabled: true, readonly: true, required: true, autofocus: true,
            autocomplete: "off", multiple: true,
        }
        #number{
            id: x_number, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", validate: n2o::js!(|v: &str| !v.is_empty()),
            invalid: "required", name: "v", placeholder: "v", disabled: true, readonly: true,
            required: true, autofocus: true, autocomplete: "off", min: 1, max: 9, step: 1,
        }
        #range{
            id: x_range, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", validate: n2o::js!(|v: &str| !v.is_empty()),
            invalid: "required", name: "v", disabled: true, autofocus: true, autocomplete: "off",
            min: 1, max: 9, step: 1,
        }
        #date{
            id: x_date, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", name: "v", disabled: true, readonly: true,
            required: true, autofocus: true, autocomplete: "off", min: 1, max: 9, step: 1,
        }
        #checkbox{
            id: x_checkbox, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", name: "v", disabled: true, required: true,
            autofocus: true, checked: true,
        }
        #radio{
            id: x_radio, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), value: "v", name: "v", disabled: true, required: true,
            autofocus: true, checked: true,
        }
        #upload{
            id: x_upload, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), name: "v", disabled: true, required: true, autofocus: true,
            multiple: true, accept: "image/*", max_bytes: 1_000_000, drop_zone: "zone",
        }
        #list{
            id: x_list, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], numbered: true,
        }
        #li{
            id: x_li, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #dl{
            id: x_dl, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #dt{
            id: x_dt, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #dd{
            id: x_dd, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #image{
            id: x_image, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), src: "/a.png", alt: "t", width: 2, height: 2,
        }
        #table{
            id: x_table, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #caption{
            id: x_caption, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #thead{
            id: x_thead, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #tbody{
            id: x_tbody, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #tfoot{
            id: x_tfoot, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #tr{
            id: x_tr, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #th{
            id: x_th, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], colspan: 2, rowspan: 2,
        }
        #td{
            id: x_td, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1], colspan: 2, rowspan: 2,
        }
        #colgroup{
            id: x_colgroup, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), body: ["b", 1],
        }
        #col{
            id: x_col, class: ["a", "b"], style: "color: red", title: "t", data: [("k", "v")],
            aria: [("label", "l")], attrs: [("x-k", "v")], role: "button", tabindex: 0,
            hidden: false, lang: "en", dir: "rtl", spellcheck: false, draggable: false,
            inputmode: "numeric", enterkeyhint: "send", postback: Ev::Go,
            on: {keyup: Ev::Go, dblclick: Ev::Go}, bind: {keydown: "event.stopPropagation()"},
            source: [x_panel, "elsewhere"], validation: "e.detail.length > 0",
            actions: Js::default(), span: 2,
        }
    };
    let out = render(page, &InsecureTestSeal);
    assert!(out.html.as_str().starts_with("<div id=\"x_panel\""));
}
