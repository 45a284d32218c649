//! 通用规范汉字表 (Table of General Standard Chinese Characters, 2013): the 8,105 characters every face
//! huozi embeds covers, and against which `huozi fonts` counts a face's coverage. The list is
//! `fonts/tongyong-guifan-2013.txt` (from Unihan's `kTGH` field), embedded in the binary.

use std::sync::OnceLock;

/// The table's source: `number<TAB>U+XXXX<TAB>character` lines after `#` comments.
const SOURCE: &str = include_str!("../../fonts/tongyong-guifan-2013.txt");

/// The table's 8,105 characters in table order (levels: 1–3,500, 3,501–6,500, 6,501–8,105).
pub fn tongyong_guifan() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        SOURCE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(2)?.chars().next())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_8105_characters_in_order() {
        let table = tongyong_guifan();
        assert_eq!(table.len(), 8105);
        assert_eq!(table[0], '一');
        assert!(table.contains(&'喆') && table.contains(&'堃') && table.contains(&'彧'));
        let distinct: std::collections::BTreeSet<_> = table.iter().collect();
        assert_eq!(distinct.len(), 8105);
    }
}
