package planner

import (
	"context"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
)

// TreeEdges draws every node but the root from its parent, and the plan's
// poses are joined by edges of the tree.
func TestTreeEdges(t *testing.T) {
	m := small()
	p, prob := m.planner(t)
	res, err := p.Replan(context.Background(), m.start, prob.Budget, prob.Grid, Iterations(30))
	if err != nil {
		t.Fatal(err)
	}
	edges := p.TreeEdges(nil)
	if len(edges) != res.TreeSize-1 {
		t.Fatalf("%d edges for %d nodes", len(edges), res.TreeSize)
	}
	ends := map[r2.Vec]bool{}
	for _, e := range edges {
		ends[e.To] = true
	}
	for _, seg := range res.Segments[1:] {
		end := seg[len(seg)-1]
		if !ends[r2.Vec{X: end.X, Y: end.Y}] {
			t.Errorf("plan node (%.1f, %.1f) is not the end of a tree edge", end.X, end.Y)
		}
	}
}
