package planner

import (
	"cmp"
	"math"

	"github.com/tigris-uav/tigris/motion"
)

// poseDist is motion.Distance for headings already wrapped to [-π, π): the
// heading difference needs no math.Mod then, which matters in the innermost
// loop of every query. Every index uses this one function, so ties compare
// equal whichever index answers.
func poseDist(a, b motion.Pose) float64 {
	dx, dy, dz := a.X-b.X, a.Y-b.Y, a.Z-b.Z
	h := math.Abs(a.Heading - b.Heading)
	if h > math.Pi {
		h = 2*math.Pi - h
	}
	return math.Sqrt(dx*dx+dy*dy+dz*dz) + h
}

// neighbour is a node found by a query and its distance to the query pose.
type neighbour struct {
	id int32
	d  float64
}

func cmpNeighbour(a, b neighbour) int {
	if c := cmp.Compare(a.d, b.d); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// entry is what the index stores of a node: its pose, and its cost and
// reward for dominance queries.
type entry struct {
	pose         motion.Pose
	cost, reward float64
}

// index is the planner's nearest-neighbour structure over node poses, in the
// metric poseDist. Node ids are insertion positions (0, 1, 2, ...), which is
// also how the planner numbers its nodes. Queries only read the index, so
// several goroutines may query it at once (but not while one inserts).
//
// Only positions are indexed. That is exact for the summed metric: a node
// within distance r of the query is within r along every axis, so a k-d tree
// may prune on an axis distance and filter by poseDist.
type index interface {
	// reset replaces the contents by es, numbered in order, balanced.
	reset(es []entry)
	// insert adds an entry with the next id.
	insert(e entry)
	// nearest returns the closest node (the lowest id on ties), or -1 and
	// +Inf when the index is empty.
	nearest(q motion.Pose) (int32, float64)
	// radius appends the nodes within r of q (inclusive) to dst, sorted by
	// distance then id.
	radius(q motion.Pose, r float64, dst []neighbour) []neighbour
	// ball is radius without the sort: the same nodes in no set order.
	ball(q motion.Pose, r float64, dst []neighbour) []neighbour
	// dominated reports whether a node within r of q has a cost <= cost and
	// a reward >= reward.
	dominated(q motion.Pose, r, cost, reward float64) bool
	len() int
}

// rebuildMin is the size below which an unbalanced tree is left alone: a
// rebuild of a few hundred points costs more than it saves.
const rebuildMin = 256

// within returns poseDist(q, p) if p is within r of q, else -1. The squared
// position distance rejects most points before the square root.
func within(q, p motion.Pose, r, r2 float64) float64 {
	dx, dy, dz := q.X-p.X, q.Y-p.Y, q.Z-p.Z
	if dx*dx+dy*dy+dz*dz > r2 {
		return -1
	}
	if d := poseDist(q, p); d <= r {
		return d
	}
	return -1
}
