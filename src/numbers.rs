//! How numbers read in every output: amounts of money and counts.

/// An amount of money as people write it: no float noise, no needless zeros.
pub fn format_amount(amount: f64) -> String {
    // No more precision than a price has: whole cents, or two significant figures below
    // a cent (0.0012, not 0.00119).
    let decimals = if amount <= 0.0 || amount >= 0.01 {
        2
    } else {
        (1 - amount.log10().floor() as i32).clamp(2, 12) as usize
    };
    let text = format!("{amount:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "0" && amount > 0.0 {
        format!("{amount:.1e}")
    } else {
        text.to_string()
    }
}

/// Thousands separators for whole numbers (12,345).
pub fn format_count(n: impl Into<u128>) -> String {
    let n: u128 = n.into();
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_drop_noise_and_zeros() {
        assert_eq!(format_amount(0.4), "0.4");
        assert_eq!(format_amount(0.0001), "0.0001");
        assert_eq!(format_amount(0.0), "0");
        assert_eq!(format_amount(12.5), "12.5");
    }

    #[test]
    fn counts_get_separators() {
        assert_eq!(format_count(5u64), "5");
        assert_eq!(format_count(10_000u64), "10,000");
        assert_eq!(format_count(1_234_567u64), "1,234,567");
    }
}
