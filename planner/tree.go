package planner

import "gonum.org/v1/gonum/spatial/r2"

// Segment is a tree edge drawn as the straight line from a node's parent's
// position to its own (the picture of the tree, not the flown curve).
type Segment struct{ From, To r2.Vec }

// TreeEdges appends one Segment per node of the current tree but the root and
// returns dst. It only reads the tree; call it between replans.
func (p *Planner) TreeEdges(dst []Segment) []Segment {
	for i := range p.nodes {
		n := &p.nodes[i]
		if n.parent < 0 {
			continue
		}
		q := &p.nodes[n.parent]
		dst = append(dst, Segment{From: r2.Vec{X: q.pose.X, Y: q.pose.Y}, To: r2.Vec{X: n.pose.X, Y: n.pose.Y}})
	}
	return dst
}
