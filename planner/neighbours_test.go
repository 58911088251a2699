package planner

import (
	"context"
	"math/rand/v2"
	"slices"
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

// nearestK leaves the k smallest neighbours first: sorted, they are the
// first k of the whole slice sorted, for ties in distance (broken by id),
// already sorted and reversed input, and every k.
func TestNearestK(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := func(n, distances int) []neighbour {
		ns := make([]neighbour, n)
		for i, id := range rng.Perm(n) {
			ns[i] = neighbour{int32(id), float64(rng.IntN(distances))}
		}
		return ns
	}
	sorted := random(50, 1000)
	slices.SortFunc(sorted, cmpNeighbour)
	reversed := slices.Clone(sorted)
	slices.Reverse(reversed)
	tests := []struct {
		name string
		ns   []neighbour
	}{
		{"distinct distances", random(200, 1_000_000)},
		{"many ties", random(200, 5)},
		{"one distance", random(64, 1)},
		{"sorted", sorted},
		{"reversed", reversed},
		{"two", random(2, 10)},
	}
	for _, tt := range tests {
		want := slices.Clone(tt.ns)
		slices.SortFunc(want, cmpNeighbour)
		for k := 1; k <= len(tt.ns); k++ {
			got := nearestK(slices.Clone(tt.ns), k)
			slices.SortFunc(got, cmpNeighbour)
			if !slices.Equal(got, want[:k]) {
				t.Fatalf("%s, k=%d: %v, want %v", tt.name, k, got, want[:k])
			}
		}
	}
}
