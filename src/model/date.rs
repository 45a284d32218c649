//! The book's one date ([`Date`]): parsed, written and (de)serialised.

use serde::{Deserialize, Serialize};

/// A calendar date (proleptic Gregorian, years 1–9999), with the time of day (UTC) when it came from a
/// timestamp (`SOURCE_DATE_EPOCH`): written `YYYY-MM-DD` (ISO 8601), or `YYYY-MM-DDTHH:MM:SSZ` with its time,
/// wherever it is read or written. It is the book's only date: the PDF's creation date, the EPUB's
/// `dc:date`, `dcterms:modified` and zip entry times, and the colophon's 版次 and 印次 all come from it (the
/// calendar date for `dc:date`, the year and month for the colophon, the time too where a timestamp is
/// written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(chrono::NaiveDate, Option<chrono::NaiveTime>);

impl Date {
    /// The date of `year`-`month`-`day`, if it exists and the year is 1–9999 (no time of day).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(year, month, day).map(|d| Date(d, None))
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day), or that followed by
    /// `THH:MM:SSZ` (a UTC time of day).
    ///
    /// Errors: a message saying what is wrong with `text`, for the caller to place in a file and line.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || {
            format!("{text:?} is not a calendar date written YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SSZ)")
        };
        let (day, time) = match text.split_once('T') {
            Some((day, time)) => (day, Some(time)),
            None => (text, None),
        };
        let b = day.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| day[r].parse::<u32>().map_err(|_| bad());
        let date = Date::from_ymd(n(0..4)? as i32, n(5..7)?, n(8..10)?).ok_or_else(bad)?;
        let Some(time) = time else { return Ok(date) };
        let t = time.as_bytes();
        let shaped = t.len() == 9
            && t[2] == b':'
            && t[5] == b':'
            && t[8] == b'Z'
            && t[..8]
                .iter()
                .enumerate()
                .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit());
        if !shaped {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| time[r].parse::<u32>().map_err(|_| bad());
        let tod = chrono::NaiveTime::from_hms_opt(n(0..2)?, n(3..5)?, n(6..8)?).ok_or_else(bad)?;
        Ok(Date(date.0, Some(tod)))
    }

    /// The UTC date and time of day `seconds` after 1970-01-01T00:00:00Z (a `SOURCE_DATE_EPOCH`), if the
    /// year is 1–9999.
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        let at = chrono::DateTime::from_timestamp(seconds, 0)?.naive_utc();
        Date::from_ymd(chrono::Datelike::year(&at), 1, 1).map(|_| Date(at.date(), Some(at.time())))
    }

    /// The year (1–9999).
    pub fn year(self) -> i32 {
        chrono::Datelike::year(&self.0)
    }

    /// The month (1–12).
    pub fn month(self) -> u32 {
        chrono::Datelike::month(&self.0)
    }

    /// The day of the month (1–31).
    pub fn day(self) -> u32 {
        chrono::Datelike::day(&self.0)
    }

    /// The time of day (UTC) as (hour, minute, second); midnight for a calendar date.
    pub fn time(self) -> (u32, u32, u32) {
        self.1.map_or((0, 0, 0), |t| {
            use chrono::Timelike;
            (t.hour(), t.minute(), t.second())
        })
    }

    /// The date and time as an ISO 8601 UTC timestamp, `YYYY-MM-DDTHH:MM:SSZ` (midnight for a calendar
    /// date).
    pub fn timestamp(self) -> String {
        let (h, m, s) = self.time();
        format!("{self}T{h:02}:{m:02}:{s:02}Z")
    }
}

impl Default for Date {
    /// 1970-01-01, the date of a book that gives none and has no `SOURCE_DATE_EPOCH`.
    fn default() -> Date {
        Date(
            chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 exists"),
            None,
        )
    }
}

impl std::fmt::Display for Date {
    /// `YYYY-MM-DD` (the calendar date; [`Date::timestamp`] adds the time).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    /// `YYYY-MM-DD`, or the timestamp when the date has a time of day.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            None => s.collect_str(self),
            Some(_) => s.serialize_str(&self.timestamp()),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}
