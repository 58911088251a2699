package planner

import (
	"context"
	"testing"
)

// MaxNeighbours bounds the work of one sample: at most one edge toward the
// sample plus one extension per capped neighbour can join the tree, while
// without a cap the same iterations grow it further.
func TestMaxNeighboursCapsExtensions(t *testing.T) {
	grow := func(maxNeighbours, iterations int) []int {
		m := fixedWing()
		m.cfg.MaxNeighbours = maxNeighbours
		p, prob := m.planner(t)
		sizes := []int{1}
		for range iterations {
			res, err := p.Replan(context.Background(), m.start, prob.Budget, prob.Grid, Iterations(1))
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, res.TreeSize)
		}
		return sizes
	}
	capped := grow(3, 40)
	for i := 1; i < len(capped); i++ {
		if added := capped[i] - capped[i-1]; added > 1+3 {
			t.Fatalf("iteration %d added %d nodes with max_neighbours 3 (at most 4)", i, added)
		}
	}
	uncapped := grow(0, 40)
	if uncapped[len(uncapped)-1] <= capped[len(capped)-1] {
		t.Errorf("without a cap the tree should grow more: %d nodes vs %d capped", uncapped[len(uncapped)-1], capped[len(capped)-1])
	}
}
