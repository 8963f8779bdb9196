//! Ordering steps: a petgraph graph with an edge from each step to those needing what it
//! provides; each step's phase is the latest of its own and its dependencies'; the final
//! order is topological, by phase, then by the order steps were planned (deterministic).

use super::{Key, PhaseKind, PlanError, Step};
use petgraph::graph::{DiGraph, NodeIndex};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

pub(super) fn order(steps: Vec<Step>) -> Result<Vec<(PhaseKind, Step)>, PlanError> {
    let mut g: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..steps.len()).map(|i| g.add_node(i)).collect();
    let mut providers: HashMap<&Key, Vec<usize>> = HashMap::new();
    for (i, s) in steps.iter().enumerate() {
        for k in &s.provides {
            providers.entry(k).or_default().push(i);
        }
    }
    for (i, s) in steps.iter().enumerate() {
        for k in &s.requires {
            for &p in providers.get(k).into_iter().flatten() {
                if p != i && !g.contains_edge(nodes[p], nodes[i]) {
                    g.add_edge(nodes[p], nodes[i], ());
                }
            }
        }
    }
    let topo = petgraph::algo::toposort(&g, None).map_err(|_| {
        let mut cycle = Vec::new();
        for scc in petgraph::algo::tarjan_scc(&g) {
            if scc.len() > 1 {
                cycle.extend(scc.iter().map(|n| steps[g[*n]].description.clone()));
            }
        }
        PlanError::Cycle(cycle)
    })?;
    let mut phase: Vec<PhaseKind> = steps.iter().map(|s| s.kind).collect();
    for n in &topo {
        let i = g[*n];
        for pred in g.neighbors_directed(*n, petgraph::Direction::Incoming) {
            let p = g[pred];
            if phase[p] > phase[i] {
                phase[i] = phase[p];
            }
        }
    }
    // Kahn's algorithm, always taking the ready step of the earliest phase, then the
    // earliest planned.
    let mut indegree: Vec<usize> =
        nodes.iter().map(|n| g.neighbors_directed(*n, petgraph::Direction::Incoming).count()).collect();
    let mut ready: BinaryHeap<Reverse<(PhaseKind, usize)>> =
        (0..steps.len()).filter(|i| indegree[*i] == 0).map(|i| Reverse((phase[i], i))).collect();
    let mut order = Vec::with_capacity(steps.len());
    while let Some(Reverse((_, i))) = ready.pop() {
        order.push(i);
        for succ in g.neighbors_directed(nodes[i], petgraph::Direction::Outgoing) {
            let j = g[succ];
            indegree[j] -= 1;
            if indegree[j] == 0 {
                ready.push(Reverse((phase[j], j)));
            }
        }
    }
    let mut slots: Vec<Option<Step>> = steps.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take().map(|s| (phase[i], s))).collect())
}
