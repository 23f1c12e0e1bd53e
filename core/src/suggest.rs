//! The nearest of a set of known words to a misspelt one, for "did you mean" messages: unknown
//! keys of a plan, unknown code prefixes on the command line.

/// Words are compared on their first characters only: a key of a hundred thousand characters is
/// as far from every known key as its first few dozen make it, and the work stays bounded.
const MAX_COMPARED: usize = 64;

/// The candidate with the smallest edit distance to `word` (ignoring ASCII case); the first one
/// on a tie. `None` when there is no candidate.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word
        .chars()
        .take(MAX_COMPARED)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    candidates
        .into_iter()
        .map(|candidate| (distance(&word, candidate), candidate))
        .min_by_key(|(d, _)| *d)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between `a` and the first characters of `b`, one row at a time.
fn distance(a: &[char], b: &str) -> usize {
    let mut row: Vec<usize> = (0..=a.len()).collect();
    for (j, cb) in b.chars().take(MAX_COMPARED).enumerate() {
        let cb = cb.to_ascii_lowercase();
        let mut diagonal = j;
        let mut left = j + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (ca, &up) in a.iter().zip(row.iter().skip(1)) {
            let cost = usize::from(*ca != cb);
            let value = (diagonal + cost).min(up + 1).min(left + 1);
            next.push(value);
            diagonal = up;
            left = value;
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_by_edit_distance() {
        let keys = ["cluster", "vnets", "onPremises", "clients"];
        assert_eq!(nearest("clusters", keys), Some("cluster"));
        assert_eq!(nearest("vnet", keys), Some("vnets"));
        assert_eq!(nearest("onpremises", keys), Some("onPremises"));
        assert_eq!(nearest("client", keys), Some("clients"));
        assert_eq!(nearest("x", std::iter::empty()), None);
        let long = "c".repeat(200_000);
        assert!(nearest(&long, keys).is_some());
    }

    #[test]
    fn distances() {
        let d = |a: &str, b: &str| distance(&a.chars().collect::<Vec<_>>(), b);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("pod-", "pod-runs-as-root"), 12);
        assert_eq!(d("same", "same"), 0);
    }
}
