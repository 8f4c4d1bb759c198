//! placeholder
/// placeholder
#[derive(Debug)]
pub struct Xml;
