//! A small PDF writer: US Letter pages of text in the standard Helvetica faces, with lines
//! and boxes. Enough for declarations, ID cards and notices, with nothing to install:
//! the standard fonts need no embedding. Output is deterministic (no timestamps), so equal
//! documents have equal hashes.

use std::fmt::Write as _;

/// Page width and height in points (US Letter).
pub const PAGE_WIDTH: f32 = 612.0;
pub const PAGE_HEIGHT: f32 = 792.0;

/// The typeface of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

/// One page's drawing operations.
#[derive(Debug, Default)]
pub struct Page {
    ops: String,
}

impl Page {
    /// Draws `text` with its baseline starting at (`x`, `y`), measured from the bottom left.
    pub fn text(&mut self, x: f32, y: f32, size: f32, face: Face, text: &str) {
        let font = match face {
            Face::Regular => "F1",
            Face::Bold => "F2",
        };
        let _ = writeln!(
            self.ops,
            "BT /{font} {size:.1} Tf {x:.2} {y:.2} Td ({}) Tj ET",
            escape(text)
        );
    }

    /// Draws `text` so that it ends at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, face: Face, text: &str) {
        self.text(right - width(text, size, face), y, size, face, text);
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
        let _ = writeln!(
            self.ops,
            "{thickness:.2} w {x1:.2} {y1:.2} m {x2:.2} {y2:.2} l S"
        );
    }

    /// The outline of a rectangle whose bottom left corner is (`x`, `y`).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32) {
        let _ = writeln!(
            self.ops,
            "{thickness:.2} w {x:.2} {y:.2} {w:.2} {h:.2} re S"
        );
    }
}

/// A document under construction.
#[derive(Debug, Default)]
pub struct Document {
    pages: Vec<Page>,
}

impl Document {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a new page and returns it.
    pub fn add_page(&mut self) -> &mut Page {
        self.pages.push(Page::default());
        self.pages.last_mut().expect("a page was just pushed")
    }

    /// The page being drawn: the last one added (a first one if there is none).
    pub fn current_page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        self.pages.last_mut().expect("there is a page")
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The PDF file: catalog, page tree, two fonts, document info, then each page and its
    /// content stream, the cross-reference table and the trailer.
    pub fn finish(self, title: &str) -> Vec<u8> {
        let mut objects: Vec<String> = Vec::new();
        let page_ids: Vec<usize> = (0..self.pages.len()).map(|i| 6 + 2 * i).collect();
        let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
        objects.push("<< /Type /Catalog /Pages 2 0 R >>".to_owned());
        objects.push(format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            self.pages.len()
        ));
        for base in ["Helvetica", "Helvetica-Bold"] {
            objects.push(format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            ));
        }
        objects.push(format!(
            "<< /Title ({}) /Producer (LatticePolicy) >>",
            escape(title)
        ));
        for (page, id) in self.pages.iter().zip(&page_ids) {
            objects.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                id + 1
            ));
            objects.push(format!(
                "<< /Length {} >>\nstream\n{}endstream",
                page.ops.len(),
                page.ops
            ));
        }
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::with_capacity(objects.len());
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            let _ = write!(out, "{} 0 obj\n{body}\nendobj\n", i + 1);
        }
        let xref = out.len();
        let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for offset in offsets {
            let _ = writeln!(out, "{offset:010} 00000 n ");
        }
        let _ = write!(
            out,
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        );
        out.into_bytes()
    }
}

/// A PDF literal string body: `(`, `)` and `\` escaped; characters outside ASCII written
/// as octal escapes of their WinAnsi code, or `?` when WinAnsi has none.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => match win_ansi(c) {
                Some(code) => {
                    let _ = write!(out, "\\{code:03o}");
                }
                None => out.push('?'),
            },
        }
    }
    out
}

/// The WinAnsi code of a non-ASCII character, for the ones documents use.
fn win_ansi(c: char) -> Option<u8> {
    Some(match c {
        '\u{a0}'..='\u{ff}' => u8::try_from(u32::from(c)).ok()?,
        '€' => 0x80,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        _ => return None,
    })
}

/// The width of `text` in Helvetica at `size` points, from the font's metrics for the
/// common characters (others are taken as a typical capital); bold runs about 5 % wider.
pub fn width(text: &str, size: f32, face: Face) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' => 222,
            '.' | ',' | ' ' | '/' | 'f' | 't' | 'I' => 278,
            '-' | '(' | ')' | 'r' => 333,
            'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' => 500,
            'm' | 'M' => 833,
            'w' => 722,
            '0'..='9' | '$' | 'a'..='z' => 556,
            '%' => 889,
            'W' => 944,
            _ => 667,
        })
        .sum();
    #[expect(clippy::cast_precision_loss, reason = "widths are small")]
    let units = units as f32;
    let bold = if face == Face::Bold { 1.05 } else { 1.0 };
    units * size * bold / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_encoded() {
        assert_eq!(escape("a (b) \\ c"), "a \\(b\\) \\\\ c");
        assert_eq!(escape("café — 5 €"), "caf\\351 \\227 5 \\200");
        assert_eq!(escape("日本"), "??");
    }

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let mut doc = Document::new();
        doc.add_page()
            .text(72.0, 700.0, 12.0, Face::Bold, "Hello (PDF)");
        let bytes = doc.finish("Test");
        let text = String::from_utf8(bytes).expect("ascii");
        let xref_at: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(text[xref_at..].starts_with("xref\n0 8\n"));
        for (i, line) in text[xref_at..].lines().skip(3).take(7).enumerate() {
            let offset: usize = line[..10].parse().expect("offset");
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", i + 1)),
                "object {}",
                i + 1
            );
        }
        assert!(text.contains("(Hello \\(PDF\\)) Tj"));
    }
}
