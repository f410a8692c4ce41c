//! Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, algorithm 2) for one tree, in the
//! tree's output space (log-odds). For every row, `expected_value + sum(phi) = tree output`.

use super::gbdt::Tree;

#[derive(Debug, Clone, Copy)]
struct PathElement {
    feature: i64,
    zero: f64,
    one: f64,
    weight: f64,
}

/// Adds the tree's SHAP values for the row `x` (raw feature values, see [`Tree::goes_left`])
/// to `phi` (one slot per feature).
pub(crate) fn add_tree_shap(tree: &Tree, x: &[f64], phi: &mut [f64]) {
    if tree.is_empty() {
        return;
    }
    // One arena for every path segment of the recursion: no allocation per node.
    let mut arena: Vec<PathElement> = Vec::with_capacity(64);
    let mut walk = Walk {
        tree,
        x,
        phi,
        arena: &mut arena,
    };
    walk.recurse(0, 0, 0, 1.0, 1.0, -1);
}

struct Walk<'a> {
    tree: &'a Tree,
    x: &'a [f64],
    phi: &'a mut [f64],
    arena: &'a mut Vec<PathElement>,
}

impl Walk<'_> {
    /// Visits `node`; the parent's path is `arena[parent_start..parent_start + parent_len]`.
    fn recurse(
        &mut self,
        node: usize,
        parent_start: usize,
        parent_len: usize,
        zero: f64,
        one: f64,
        feature: i64,
    ) {
        let start = self.arena.len();
        self.arena
            .extend_from_within(parent_start..parent_start + parent_len);
        self.arena.push(PathElement {
            feature,
            zero,
            one,
            weight: 0.0,
        });
        let mut depth = parent_len;
        extend(&mut self.arena[start..], depth, zero, one, feature);
        let tree = self.tree;
        let Some(split_feature) = tree.split_feature(node) else {
            let value = tree.value.get(node).copied().unwrap_or(0.0);
            let path = &self.arena[start..];
            for i in 1..=depth {
                let w = unwound_sum(path, depth, i);
                let el = path[i];
                if let Some(slot) = usize::try_from(el.feature)
                    .ok()
                    .and_then(|f| self.phi.get_mut(f))
                {
                    *slot += w * (el.one - el.zero) * value;
                }
            }
            self.arena.truncate(start);
            return;
        };
        let (Some(&left), Some(&right)) = (tree.left.get(node), tree.right.get(node)) else {
            self.arena.truncate(start);
            return;
        };
        let (hot, cold) = if tree.goes_left(node, self.x) {
            (left as usize, right as usize)
        } else {
            (right as usize, left as usize)
        };
        let cover = tree.cover.get(node).copied().unwrap_or(0.0);
        if cover <= 0.0 {
            self.arena.truncate(start);
            return;
        }
        let hot_zero = tree.cover.get(hot).copied().unwrap_or(0.0) / cover;
        let cold_zero = tree.cover.get(cold).copied().unwrap_or(0.0) / cover;
        let mut incoming_zero = 1.0;
        let mut incoming_one = 1.0;
        let feature = split_feature as i64;
        let found = self.arena[start + 1..start + depth + 1]
            .iter()
            .position(|e| e.feature == feature)
            .map(|p| p + 1);
        if let Some(k) = found {
            let el = self.arena[start + k];
            incoming_zero = el.zero;
            incoming_one = el.one;
            unwind(&mut self.arena[start..], depth, k);
            depth -= 1;
        }
        self.recurse(
            hot,
            start,
            depth + 1,
            hot_zero * incoming_zero,
            incoming_one,
            feature,
        );
        self.recurse(
            cold,
            start,
            depth + 1,
            cold_zero * incoming_zero,
            0.0,
            feature,
        );
        self.arena.truncate(start);
    }
}

/// Adds element `d` (already written at `path[d]`) and updates the weights of `path[..=d]`.
fn extend(path: &mut [PathElement], d: usize, zero: f64, one: f64, feature: i64) {
    path[d] = PathElement {
        feature,
        zero,
        one,
        weight: if d == 0 { 1.0 } else { 0.0 },
    };
    let denom = (d + 1) as f64;
    for i in (0..d).rev() {
        let wi = path[i].weight;
        path[i + 1].weight += one * wi * (i + 1) as f64 / denom;
        path[i].weight = zero * wi * (d - i) as f64 / denom;
    }
}

/// Removes element `k` from `path[..=d]`; afterwards the path is `path[..d]`.
fn unwind(path: &mut [PathElement], d: usize, k: usize) {
    let one = path[k].one;
    let zero = path[k].zero;
    let mut next = path[d].weight;
    let denom = (d + 1) as f64;
    for i in (0..d).rev() {
        if one != 0.0 {
            let tmp = path[i].weight;
            path[i].weight = next * denom / ((i + 1) as f64 * one);
            next = tmp - path[i].weight * zero * (d - i) as f64 / denom;
        } else {
            path[i].weight = path[i].weight * denom / (zero * (d - i) as f64);
        }
    }
    for i in k..d {
        path[i].feature = path[i + 1].feature;
        path[i].zero = path[i + 1].zero;
        path[i].one = path[i + 1].one;
    }
}

fn unwound_sum(path: &[PathElement], d: usize, k: usize) -> f64 {
    let one = path[k].one;
    let zero = path[k].zero;
    let mut next = path[d].weight;
    let denom = (d + 1) as f64;
    let mut total = 0.0;
    for i in (0..d).rev() {
        if one != 0.0 {
            let tmp = next * denom / ((i + 1) as f64 * one);
            total += tmp;
            next = path[i].weight - tmp * zero * ((d - i) as f64 / denom);
        } else if zero != 0.0 {
            total += (path[i].weight / zero) / ((d - i) as f64 / denom);
        }
    }
    total
}
