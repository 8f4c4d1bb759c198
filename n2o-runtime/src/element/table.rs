//! Tables: table, caption, thead, tbody, tfoot, tr, th, td, colgroup, col.

use super::base::{Attr, Element};
use super::kind::*;

constructors! {
    /// `<table>`.
    table => Table("table", Click);
    /// `<caption>`: a table's title.
    caption => Caption("caption", Click);
    /// `<thead>`.
    thead => Thead("thead", Click);
    /// `<tbody>`.
    tbody => Tbody("tbody", Click);
    /// `<tfoot>`.
    tfoot => Tfoot("tfoot", Click);
    /// `<tr>`.
    tr => Tr("tr", Click);
    /// `<th>`: a header cell.
    th => Th("th", Click);
    /// `<td>`: a data cell.
    td => Td("td", Click);
    /// `<colgroup>`.
    colgroup => Colgroup("colgroup", Click);
    /// `<col>` (void).
    col => Col("col", Click) void;
}

impl Element<Col> {
    /// How many columns this `<col>` stands for.
    pub fn span(self, columns: u32) -> Self {
        self.set(Attr::Span, columns.to_string())
    }
}
