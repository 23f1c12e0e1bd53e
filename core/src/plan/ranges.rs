//! Arithmetic on address ranges: overlaps by sort and sweep, free space, splitting and joining.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Subnets, Ipv6Subnets};

/// A range as numbers: `(is_ipv6, first, last)`. Ranges of different families never overlap.
pub fn bounds(net: &IpNet) -> (bool, u128, u128) {
    let number = |address: IpAddr| match address {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    };
    (
        matches!(net, IpNet::V6(_)),
        number(net.network()),
        number(net.broadcast()),
    )
}

/// How many addresses the range holds.
pub fn size(net: &IpNet) -> u128 {
    let (_, first, last) = bounds(net);
    (last - first).saturating_add(1)
}

/// Every pair `(i, j)`, `i < j`, of ranges that share an address. Sorts, then sweeps keeping the
/// ranges still open: O(n log n) plus the number of overlapping pairs, never all pairs.
pub fn overlapping_pairs(ranges: &[IpNet]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for_each_overlapping_pair(ranges, |i, j| pairs.push((i, j)));
    pairs.sort_unstable();
    pairs
}

/// Calls `visit(i, j)`, `i < j`, for every pair of ranges that share an address, in the order
/// the sweep meets them (by address, not by index), without collecting them: a caller that keeps
/// only some of the pairs needs memory for those only.
pub fn for_each_overlapping_pair(ranges: &[IpNet], mut visit: impl FnMut(usize, usize)) {
    let mut order: Vec<(bool, u128, u128, usize)> = ranges
        .iter()
        .enumerate()
        .map(|(i, net)| {
            let (v6, first, last) = bounds(net);
            (v6, first, last, i)
        })
        .collect();
    order.sort_unstable();
    let mut open: Vec<(bool, u128, usize)> = Vec::new();
    for (v6, first, last, index) in order {
        open.retain(|&(open_v6, open_last, _)| open_v6 == v6 && open_last >= first);
        for &(_, _, other) in &open {
            visit(other.min(index), other.max(index));
        }
        open.push((v6, last, index));
    }
}

/// Whether two ranges share an address: CIDR ranges that overlap nest, so one contains the
/// other. Ranges of different families never overlap. The core's one overlap test (the
/// NetworkPolicy engine's `ipBlock` matching uses it too).
pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(b) || b.contains(a)
}

/// The largest aligned blocks covering `first..=last` (ipnet's subnet iterators).
fn blocks_between(v6: bool, first: u128, last: u128, out: &mut Vec<IpNet>) {
    if v6 {
        let (first, last) = (Ipv6Addr::from(first), Ipv6Addr::from(last));
        out.extend(Ipv6Subnets::new(first, last, 0).map(IpNet::V6));
    } else if let (Ok(first), Ok(last)) = (u32::try_from(first), u32::try_from(last)) {
        let (first, last) = (Ipv4Addr::from(first), Ipv4Addr::from(last));
        out.extend(Ipv4Subnets::new(first, last, 0).map(IpNet::V4));
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
            .and_then(|block| IpNet::new(block.network(), prefix).ok())
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

fn max_prefix(v6: bool) -> u8 {
    if v6 { 128 } else { 32 }
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
        // The ends of both families, and a range written with host bits.
        assert_eq!(free_blocks(&net("::/0"), &[]), nets(&["::/0"]));
        assert_eq!(
            free_blocks(&net("::/0"), &nets(&["::/2", "c000::/2"])),
            nets(&["4000::/2", "8000::/2"])
        );
        let top = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00";
        assert_eq!(
            free_blocks(&net(&format!("{top}/120")), &nets(&[&format!("{top}/121")])),
            nets(&["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff80/121"])
        );
        assert_eq!(
            free_blocks(&net("10.0.0.9/24"), &nets(&["10.0.0.1/25"])),
            nets(&["10.0.0.128/25"])
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
