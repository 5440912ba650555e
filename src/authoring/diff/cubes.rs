//! Cubes of combinations (one class mask per question): merged into few, described in
//! words.

use std::collections::HashMap;

use super::joint::{range_label, JointQuestion};
use super::Constraint;

/// The highest bit of a cube's class mask: classes from this one on share it, so a cube
/// names them together (a question with that many classes is rare; counts stay exact, as
/// they come from the combinations, not the masks).
pub(super) const MAX_CLASSES: usize = 127;

/// Merges cubes (one class mask per question) that differ in one question only, until
/// none do. Cubes are disjoint, so those agreeing on every other question differ in that
/// one and their union is again a cube: the result stays disjoint and covers the same.
pub(super) fn merge(mut cubes: Vec<Vec<u128>>, questions: usize) -> Vec<Vec<u128>> {
    loop {
        let before = cubes.len();
        for q in (0..questions).rev() {
            let mut by_rest: HashMap<Vec<u128>, usize> = HashMap::new();
            let mut merged: Vec<Vec<u128>> = Vec::with_capacity(cubes.len());
            for cube in cubes {
                let mut rest = cube.clone();
                rest[q] = 0;
                match by_rest.get(&rest) {
                    Some(&at) => merged[at][q] |= cube[q],
                    None => {
                        by_rest.insert(rest, merged.len());
                        merged.push(cube);
                    }
                }
            }
            cubes = merged;
        }
        if cubes.len() == before {
            return cubes;
        }
    }
}
fn class_labels(jq: &JointQuestion, mask: u128) -> Vec<String> {
    let mut labels = Vec::new();
    if mask & 1 != 0 {
        labels.push("(unanswered)".to_string());
    }
    // Number intervals that touch read as one: `10 or more`, not `10, 11..99, 100 or more`.
    let mut open: Option<(u64, u64)> = None;
    for (i, class) in jq.classes.iter().enumerate().take(MAX_CLASSES - 1) {
        if mask & (1 << (i + 1)) == 0 {
            continue;
        }
        match (class.range, open) {
            (Some((lo, hi)), Some((start, end))) if end.checked_add(1) == Some(lo) => {
                open = Some((start, hi))
            }
            (Some(range), _) => {
                if let Some((start, end)) = open.replace(range) {
                    labels.push(range_label(start, end));
                }
            }
            (None, _) => labels.extend(class.label.iter().cloned()),
        }
    }
    if let Some((start, end)) = open {
        labels.push(range_label(start, end));
    }
    let shared = &jq.classes[jq.classes.len().min(MAX_CLASSES - 1)..];
    if mask & (1 << MAX_CLASSES) != 0 {
        match shared {
            [one] => labels.extend(one.label.iter().cloned()),
            many => labels.push(format!("some of {} more values", many.len())),
        }
    }
    labels
}

pub(super) fn describe(
    questions: &[JointQuestion],
    seen: &[u128],
    cube: &[u128],
) -> Vec<Constraint> {
    questions
        .iter()
        .zip(cube)
        .zip(seen)
        .filter(|((_, &mask), &seen)| mask != seen)
        .map(|((jq, &mask), &seen)| Constraint {
            question: jq.id.clone(),
            values: class_labels(jq, mask),
            any_answer: mask == seen & !1 && mask != 0,
        })
        .collect()
}

pub(super) fn example(questions: &[JointQuestion], leaf: &[u128]) -> Vec<(String, String)> {
    questions
        .iter()
        .zip(leaf)
        .filter_map(|(jq, &mask)| {
            let class = (0..=jq.classes.len()).find(|&c| mask & (1 << c.min(MAX_CLASSES)) != 0)?;
            (class > 0).then(|| (jq.id.clone(), jq.classes[class - 1].label[0].clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::diff::joint::JointClass;

    /// Every point of a set of cubes (masks of classes 0..4 per question).
    fn points(cubes: &[Vec<u128>]) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        for cube in cubes {
            let mut partial: Vec<Vec<u32>> = vec![Vec::new()];
            for &mask in cube {
                partial = partial
                    .into_iter()
                    .flat_map(|p| {
                        (0..4u32)
                            .filter(move |c| mask & (1 << c) != 0)
                            .map(move |c| {
                                let mut p = p.clone();
                                p.push(c);
                                p
                            })
                    })
                    .collect();
            }
            out.extend(partial);
        }
        out.sort();
        out
    }

    #[test]
    fn merging_covers_the_same_points_once_in_fewer_cubes() {
        // Every point of {0,1} × {0,1,2} plus (3, 3): one cube and one point remain.
        let mut leaves = Vec::new();
        for a in 0..2 {
            for b in 0..3 {
                leaves.push(vec![1u128 << a, 1u128 << b]);
            }
        }
        leaves.push(vec![1 << 3, 1 << 3]);
        let merged = merge(leaves.clone(), 2);
        assert_eq!(merged.len(), 2, "{merged:?}");
        assert!(merged.contains(&vec![0b11, 0b111]));
        assert_eq!(points(&merged), points(&leaves), "same points, none twice");
    }

    #[test]
    fn touching_number_ranges_read_as_one() {
        let class = |lo, hi| JointClass {
            old: None,
            new: None,
            label: vec![range_label(lo, hi)],
            range: Some((lo, hi)),
            weight: 1,
        };
        let jq = JointQuestion {
            id: "n".into(),
            old: None,
            new: None,
            classes: vec![class(0, 9), class(10, 10), class(11, u64::MAX)],
            read: true,
        };
        assert_eq!(class_labels(&jq, 0b1100), ["10 or more"]);
        assert_eq!(
            class_labels(&jq, 0b1011),
            ["(unanswered)", "0..9", "11 or more"]
        );
    }
}
