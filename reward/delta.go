package reward

// Delta is one tree node's copy-on-write change to the belief: the cells its
// observation changed and their probabilities afterwards, plus the cell
// bounding box of those cells so that a branch lookup can skip the whole
// delta with four comparisons when it is elsewhere on the map.
//
// Each cell appears at most once. Cells whose probability the observation
// left unchanged (for example cells outside the search area, at 0) are not
// stored, unless the detection or revisit term is on and the observation
// changed the chance that the branch has missed the cell's target. The zero
// value is an empty delta.
type Delta struct {
	idx            []int32   // grid indices, Grid.Index(i, j)
	val            []float64 // probability after the observation, parallel to idx
	miss           []float64 // chance the cell's target escaped the branch's looks, parallel to idx when kept
	i0, j0, i1, j1 int32     // cell box of idx, inclusive; meaningless when empty
}

// Reset empties d, keeping its storage for reuse.
func (d *Delta) Reset() {
	d.idx = d.idx[:0]
	d.val = d.val[:0]
	d.miss = d.miss[:0]
}

// Len is the number of cells d changes.
func (d *Delta) Len() int { return len(d.idx) }

// Cell returns the k-th changed cell: its grid index and its probability
// after the observation (0 ≤ k < Len).
func (d *Delta) Cell(k int) (index int, p float64) { return int(d.idx[k]), d.val[k] }

// Clone returns a copy of d with storage of exactly its length, so that a
// node can keep its delta while the evaluator's scratch delta is reused.
func (d *Delta) Clone() *Delta {
	c := *d
	if len(d.idx) == 0 {
		c.idx, c.val, c.miss = nil, nil, nil
		return &c
	}
	c.idx = append(make([]int32, 0, len(d.idx)), d.idx...)
	c.val = append(make([]float64, 0, len(d.val)), d.val...)
	c.miss = nil
	if len(d.miss) > 0 {
		c.miss = append(make([]float64, 0, len(d.miss)), d.miss...)
	}
	return &c
}

// add appends cell (i, j) at grid index k with probability p, growing the
// box. The caller guarantees k is not already in d.
func (d *Delta) add(k int32, i, j int32, p float64) {
	if len(d.idx) == 0 {
		d.i0, d.j0, d.i1, d.j1 = i, j, i, j
	} else {
		d.i0, d.i1 = min(d.i0, i), max(d.i1, i)
		d.j0, d.j1 = min(d.j0, j), max(d.j1, j)
	}
	d.idx = append(d.idx, k)
	d.val = append(d.val, p)
}

// misses reports whether d changes no cell of the box i0..i1 × j0..j1.
func (d *Delta) misses(i0, j0, i1, j1 int32) bool {
	return len(d.idx) == 0 || d.i1 < i0 || d.i0 > i1 || d.j1 < j0 || d.j0 > j1
}

// missAt is the miss chance of the n-th cell: 1 when d keeps none (it was
// made without the detection and revisit terms).
func (d *Delta) missAt(n int) float64 {
	if n < len(d.miss) {
		return d.miss[n]
	}
	return 1
}
