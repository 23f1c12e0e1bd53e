//! Arithmetic on address ranges: overlaps by sort and sweep, free space, splitting and joining.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

/// A range as numbers: `(is_ipv6, first, last)`. Ranges of different families never overlap.
pub fn bounds(net: &IpNet) -> (bool, u128, u128) {
    match net.trunc() {
        IpNet::V4(n) => (
            false,
            u128::from(u32::from(n.network())),
            u128::from(u32::from(n.broadcast())),
        ),
        IpNet::V6(n) => (true, u128::from(n.network()), u128::from(n.broadcast())),
    }
}

/// How many addresses the range holds.
pub fn size(net: &IpNet) -> u128 {
    let (_, first, last) = bounds(net);
    (last - first).saturating_add(1)
}

/// Every pair `(i, j)`, `i < j`, of ranges that share an address. Sorts, then sweeps keeping the
/// ranges still open: O(n log n) plus the number of overlapping pairs, never all pairs.
pub fn overlapping_pairs(ranges: &[IpNet]) -> Vec<(usize, usize)> {
    let mut order: Vec<(bool, u128, u128, usize)> = ranges
        .iter()
        .enumerate()
        .map(|(i, net)| {
            let (v6, first, last) = bounds(net);
            (v6, first, last, i)
        })
        .collect();
    order.sort_unstable();
    let mut pairs = Vec::new();
    let mut open: Vec<(bool, u128, usize)> = Vec::new();
    for (v6, first, last, index) in order {
        open.retain(|&(open_v6, open_last, _)| open_v6 == v6 && open_last >= first);
        for &(_, _, other) in &open {
            pairs.push((other.min(index), other.max(index)));
        }
        open.push((v6, last, index));
    }
    pairs.sort_unstable();
    pairs
}

pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    let (a6, a_first, a_last) = bounds(a);
    let (b6, b_first, b_last) = bounds(b);
    a6 == b6 && a_first <= b_last && b_first <= a_last
}

fn net_from(v6: bool, first: u128, prefix: u8) -> Option<IpNet> {
    if v6 {
        Ipv6Net::new(Ipv6Addr::from(first), prefix)
            .ok()
            .map(IpNet::V6)
    } else {
        let first = u32::try_from(first).ok()?;
        Ipv4Net::new(Ipv4Addr::from(first), prefix)
            .ok()
            .map(IpNet::V4)
    }
}

fn max_prefix(v6: bool) -> u8 {
    if v6 { 128 } else { 32 }
}

/// The largest aligned blocks covering `first..=last`.
fn blocks_between(v6: bool, mut first: u128, last: u128, out: &mut Vec<IpNet>) {
    let bits = u32::from(max_prefix(v6));
    while first <= last {
        // The largest block that starts at `first` (alignment) and ends by `last`.
        let mut host_bits = if first == 0 {
            bits
        } else {
            first.trailing_zeros().min(bits)
        };
        while host_bits > 0 && (host_bits >= 128 || first + ((1u128 << host_bits) - 1) > last) {
            host_bits -= 1;
        }
        let prefix = u8::try_from(bits - host_bits).unwrap_or(0);
        if let Some(net) = net_from(v6, first, prefix) {
            out.push(net);
        }
        let Some(next) = first.checked_add(1u128 << host_bits.min(127)) else {
            break;
        };
        if host_bits >= 128 {
            break;
        }
        first = next;
    }
}

/// The parts of `space` that no range in `used` covers, as the largest aligned CIDR blocks.
pub fn free_blocks(space: &IpNet, used: &[IpNet]) -> Vec<IpNet> {
    let (v6, first, last) = bounds(space);
    let mut taken: Vec<(u128, u128)> = used
        .iter()
        .map(bounds)
        .filter(|&(u6, f, l)| u6 == v6 && f <= last && l >= first)
        .map(|(_, f, l)| (f.max(first), l.min(last)))
        .collect();
    taken.sort_unstable();
    let mut blocks = Vec::new();
    let mut cursor = first;
    let mut done = false;
    for (f, l) in taken {
        if done {
            break;
        }
        if f > cursor {
            blocks_between(v6, cursor, f - 1, &mut blocks);
        }
        if l >= cursor {
            match l.checked_add(1) {
                Some(next) if l < last => cursor = next,
                _ => done = true,
            }
        }
    }
    if !done && cursor <= last {
        blocks_between(v6, cursor, last, &mut blocks);
    }
    blocks
}

/// The first block of length `prefix` inside one of `spaces` that overlaps nothing in `used`.
pub fn first_free(spaces: &[IpNet], prefix: u8, used: &[IpNet]) -> Option<IpNet> {
    spaces.iter().find_map(|space| {
        free_blocks(space, used)
            .into_iter()
            .find(|block| block.prefix_len() <= prefix)
            .and_then(|block| net_from(bounds(&block).0, bounds(&block).1, prefix))
    })
}

/// The two halves of a range.
pub fn split(net: &IpNet) -> Option<(IpNet, IpNet)> {
    let mut halves = net.trunc().subnets(net.prefix_len().checked_add(1)?).ok()?;
    Some((halves.next()?, halves.next()?))
}

/// The range two halves came from, when they are the two halves of one range.
pub fn join(a: &IpNet, b: &IpNet) -> Option<IpNet> {
    let parent = a.trunc().supernet()?;
    (a.prefix_len() == b.prefix_len()
        && a.trunc() != b.trunc()
        && parent == b.trunc().supernet()?)
    .then_some(parent)
}

/// The address `offset` places after the range's first address, if it is inside the range.
pub fn nth_address(net: &IpNet, offset: u128) -> Option<IpAddr> {
    let (v6, first, last) = bounds(net);
    let address = first.checked_add(offset).filter(|a| *a <= last)?;
    Some(if v6 {
        IpAddr::V6(Ipv6Addr::from(address))
    } else {
        IpAddr::V4(Ipv4Addr::from(u32::try_from(address).ok()?))
    })
}

/// The smallest subnet (largest prefix, but no smaller than `/29` for IPv4, as Azure requires)
/// whose usable addresses, after Azure reserves 5, hold `required`.
pub fn smallest_subnet(required: u128, v6: bool) -> Option<u8> {
    let max = if v6 { 64 } else { 29 };
    (0..=max)
        .rev()
        .find(|&prefix| usable(prefix, v6) >= required)
}

/// Addresses of a subnet of length `prefix` that Azure hands out (it reserves 5 in each).
pub fn usable(prefix: u8, v6: bool) -> u128 {
    let host_bits = u32::from(max_prefix(v6).saturating_sub(prefix));
    let total = if host_bits >= 128 {
        u128::MAX
    } else {
        1u128 << host_bits
    };
    total.saturating_sub(AZURE_RESERVED_PER_SUBNET)
}

/// Azure keeps the network address, the broadcast address and three for its services in every
/// subnet (Azure Virtual Network FAQ).
pub const AZURE_RESERVED_PER_SUBNET: u128 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| net(s)).collect()
    }

    #[test]
    fn overlaps_are_found_by_sweeping() {
        let ranges = nets(&[
            "10.0.0.0/8",
            "10.240.0.0/16",
            "192.168.0.0/16",
            "10.241.0.0/16",
            "fd00::/8",
            "::/0",
        ]);
        assert_eq!(overlapping_pairs(&ranges), [(0, 1), (0, 3), (4, 5)]);
    }

    #[test]
    fn adjacent_ranges_do_not_overlap() {
        assert!(overlapping_pairs(&nets(&["10.0.0.0/24", "10.0.1.0/24"])).is_empty());
        assert!(!overlaps(&net("10.0.0.0/24"), &net("10.0.1.0/24")));
        assert!(overlaps(&net("10.0.0.0/23"), &net("10.0.1.0/24")));
        // An IPv6 range never overlaps an IPv4 one.
        assert!(!overlaps(&net("::/0"), &net("10.0.0.0/8")));
    }

    #[test]
    fn free_blocks_are_the_largest_aligned_gaps() {
        let free = free_blocks(
            &net("10.240.0.0/16"),
            &nets(&["10.240.0.0/22", "10.240.8.0/24"]),
        );
        let text: Vec<String> = free.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "10.240.4.0/22",
                "10.240.9.0/24",
                "10.240.10.0/23",
                "10.240.12.0/22",
                "10.240.16.0/20",
                "10.240.32.0/19",
                "10.240.64.0/18",
                "10.240.128.0/17"
            ]
        );
        assert_eq!(
            free_blocks(&net("10.0.0.0/24"), &nets(&["10.0.0.0/16"])),
            []
        );
        assert_eq!(free_blocks(&net("0.0.0.0/0"), &[]), nets(&["0.0.0.0/0"]));
        assert_eq!(
            free_blocks(&net("255.255.255.0/24"), &nets(&["255.255.255.0/25"])),
            nets(&["255.255.255.128/25"])
        );
    }

    #[test]
    fn first_free_skips_used_space() {
        let used = nets(&["10.0.0.0/16", "10.1.0.0/16"]);
        assert_eq!(
            first_free(&nets(&["10.0.0.0/8"]), 16, &used),
            Some(net("10.2.0.0/16"))
        );
        assert_eq!(first_free(&nets(&["10.0.0.0/15"]), 16, &used), None);
    }

    #[test]
    fn ranges_split_and_join() {
        let (a, b) = split(&net("10.0.0.0/16")).unwrap();
        assert_eq!((a, b), (net("10.0.0.0/17"), net("10.0.128.0/17")));
        assert_eq!(join(&a, &b), Some(net("10.0.0.0/16")));
        assert_eq!(join(&net("10.0.128.0/17"), &net("10.1.0.0/17")), None);
        assert_eq!(split(&net("10.0.0.1/32")), None);
    }

    #[test]
    fn subnet_sizes_account_for_azure_reserved_addresses() {
        assert_eq!(usable(24, false), 251);
        assert_eq!(smallest_subnet(251, false), Some(24));
        assert_eq!(smallest_subnet(252, false), Some(23));
        assert_eq!(smallest_subnet(1, false), Some(29));
        assert_eq!(
            nth_address(&net("10.0.0.0/16"), 10),
            Some("10.0.0.10".parse().unwrap())
        );
        assert_eq!(nth_address(&net("10.0.0.0/30"), 4), None);
    }
}
