package planner

import (
	"cmp"
	"math"
	"slices"

	kyroy "github.com/kyroy/kdtree"
	"github.com/kyroy/kdtree/kdrange"
	"gonum.org/v1/gonum/spatial/kdtree"

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

// index is the planner's nearest-neighbour structure over node poses, in the
// metric poseDist. Node ids are insertion positions (0, 1, 2, ...), which is
// also how the planner numbers its nodes.
//
// Only positions are indexed. That is exact for the summed metric: a node
// within distance r of the query is within r along every axis, so a k-d tree
// over x, y, z may prune on the axis distance and filter by poseDist.
type index interface {
	// reset replaces the contents by poses, numbered in order, balanced.
	reset(poses []motion.Pose)
	// insert adds a pose with the next id.
	insert(p motion.Pose)
	// nearest returns the closest node (the lowest id on ties), or -1 and
	// +Inf when the index is empty.
	nearest(q motion.Pose) (int32, float64)
	// radius appends the nodes within r of q (inclusive) to dst, sorted by
	// distance then id.
	radius(q motion.Pose, r float64, dst []neighbour) []neighbour
	// any reports whether fn returns true for some node within r of q,
	// visiting nodes in no particular order and stopping at the first true.
	any(q motion.Pose, r float64, fn func(id int32) bool) bool
	len() int
}

// rebuildMin is the size below which an unbalanced tree is left alone: a
// rebuild of a few hundred points costs more than it saves.
const rebuildMin = 256

// kdPoint is an indexed pose; it implements kdtree.Comparable with the
// planner's metric (squared, as gonum expects).
type kdPoint struct {
	pose motion.Pose
	id   int32
}

func coord(p *motion.Pose, d kdtree.Dim) float64 {
	switch d {
	case 0:
		return p.X
	case 1:
		return p.Y
	}
	return p.Z
}

func (a *kdPoint) Compare(c kdtree.Comparable, d kdtree.Dim) float64 {
	return coord(&a.pose, d) - coord(&c.(*kdPoint).pose, d)
}
func (a *kdPoint) Dims() int { return 3 }
func (a *kdPoint) Distance(c kdtree.Comparable) float64 {
	d := poseDist(a.pose, c.(*kdPoint).pose)
	return d * d
}

// kdPoints is the build list for kdtree.New; Pivot is a deterministic
// quickselect, so the tree's shape depends only on the points (gonum's own
// median-of-randoms draws from the global source).
type kdPoints []*kdPoint

func (p kdPoints) Index(i int) kdtree.Comparable         { return p[i] }
func (p kdPoints) Len() int                              { return len(p) }
func (p kdPoints) Slice(start, end int) kdtree.Interface { return p[start:end] }
func (p kdPoints) Pivot(d kdtree.Dim) int {
	k := len(p) / 2
	selectK(p, k, d)
	return k
}

// selectK reorders p so that p[k] has the k-th smallest coordinate d, with
// no larger one before it and no smaller one after it (Hoare quickselect with
// a median-of-three pivot).
func selectK(p []*kdPoint, k int, d kdtree.Dim) {
	lo, hi := 0, len(p)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if coord(&p[mid].pose, d) < coord(&p[lo].pose, d) {
			p[mid], p[lo] = p[lo], p[mid]
		}
		if coord(&p[hi].pose, d) < coord(&p[lo].pose, d) {
			p[hi], p[lo] = p[lo], p[hi]
		}
		if coord(&p[hi].pose, d) < coord(&p[mid].pose, d) {
			p[hi], p[mid] = p[mid], p[hi]
		}
		pivot := coord(&p[mid].pose, d)
		i, j := lo, hi
		for i <= j {
			for coord(&p[i].pose, d) < pivot {
				i++
			}
			for coord(&p[j].pose, d) > pivot {
				j--
			}
			if i <= j {
				p[i], p[j] = p[j], p[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// gonumIndex keeps the poses in a gonum k-d tree and searches it with its
// own allocation-free traversals (the tree's nodes are exported), which also
// break distance ties by id so results never depend on the tree's shape.
type gonumIndex struct {
	tree   kdtree.Tree
	chunks [][]kdPoint // point storage; chunked so that pointers stay valid
	all    kdPoints
	built  int // size at the last balanced build
}

const chunkSize = 1024

func (x *gonumIndex) len() int { return len(x.all) }

func (x *gonumIndex) point(p motion.Pose) *kdPoint {
	n := len(x.all)
	c := n / chunkSize
	if c == len(x.chunks) {
		x.chunks = append(x.chunks, make([]kdPoint, chunkSize))
	}
	kp := &x.chunks[c][n%chunkSize]
	*kp = kdPoint{pose: p, id: int32(n)}
	x.all = append(x.all, kp)
	return kp
}

func (x *gonumIndex) reset(poses []motion.Pose) {
	x.all = x.all[:0]
	for _, p := range poses {
		x.point(p)
	}
	x.rebuild()
}

func (x *gonumIndex) rebuild() {
	x.tree = kdtree.Tree{}
	if len(x.all) > 0 {
		build := slices.Clone(x.all)
		x.tree = *kdtree.New(build, false)
	}
	x.built = len(x.all)
}

func (x *gonumIndex) insert(p motion.Pose) {
	x.tree.Insert(x.point(p), false)
	if n := len(x.all); n >= rebuildMin && n >= 2*x.built {
		x.rebuild()
	}
}

func (x *gonumIndex) nearest(q motion.Pose) (int32, float64) {
	s := nearestSearch{q: q, best: -1, d: math.Inf(1)}
	s.walk(x.tree.Root)
	return s.best, s.d
}

type nearestSearch struct {
	q    motion.Pose
	best int32
	d    float64
}

func (s *nearestSearch) walk(n *kdtree.Node) {
	for n != nil {
		p := n.Point.(*kdPoint)
		if d := poseDist(s.q, p.pose); d < s.d || d == s.d && p.id < s.best {
			s.best, s.d = p.id, d
		}
		c := coord(&s.q, n.Plane) - coord(&p.pose, n.Plane)
		near, far := n.Left, n.Right
		if c > 0 {
			near, far = far, near
		}
		s.walk(near)
		if math.Abs(c) > s.d {
			return
		}
		n = far
	}
}

func (x *gonumIndex) radius(q motion.Pose, r float64, dst []neighbour) []neighbour {
	s := rangeSearch{q: q, r: r, r2: r * r, dst: dst}
	s.walk(x.tree.Root)
	slices.SortFunc(s.dst, cmpNeighbour)
	return s.dst
}

type rangeSearch struct {
	q     motion.Pose
	r, r2 float64
	dst   []neighbour
	fn    func(id int32) bool
	found bool
}

func (s *rangeSearch) walk(n *kdtree.Node) {
	for n != nil && !s.found {
		p := n.Point.(*kdPoint)
		dx, dy, dz := s.q.X-p.pose.X, s.q.Y-p.pose.Y, s.q.Z-p.pose.Z
		if dx*dx+dy*dy+dz*dz <= s.r2 {
			if d := poseDist(s.q, p.pose); d <= s.r {
				if s.fn != nil {
					s.found = s.fn(p.id)
				} else {
					s.dst = append(s.dst, neighbour{p.id, d})
				}
			}
		}
		c := coord(&s.q, n.Plane) - coord(&p.pose, n.Plane)
		near, far := n.Left, n.Right
		if c > 0 {
			near, far = far, near
		}
		s.walk(near)
		if math.Abs(c) > s.r {
			return
		}
		n = far
	}
}

func (x *gonumIndex) any(q motion.Pose, r float64, fn func(id int32) bool) bool {
	s := rangeSearch{q: q, r: r, r2: r * r, fn: fn}
	s.walk(x.tree.Root)
	return s.found
}

// kyPoint is an indexed pose for github.com/kyroy/kdtree.
type kyPoint struct {
	pose motion.Pose
	id   int32
}

func (p *kyPoint) Dimensions() int { return 3 }
func (p *kyPoint) Dimension(i int) float64 {
	return coord(&p.pose, kdtree.Dim(i))
}

// kyroyIndex answers the same queries with github.com/kyroy/kdtree, which
// has k-NN and box queries only: nearest is the Euclidean nearest widened to
// a box of its true distance, radius is a box filtered by the metric. It is
// kept to measure against gonumIndex (BenchmarkIndex); the planner uses
// gonumIndex.
type kyroyIndex struct {
	tree  *kyroy.KDTree
	all   []kyroy.Point
	built int
	box   kdrange.Range
}

func (x *kyroyIndex) len() int { return len(x.all) }

func (x *kyroyIndex) reset(poses []motion.Pose) {
	x.all = x.all[:0]
	for i, p := range poses {
		x.all = append(x.all, &kyPoint{pose: p, id: int32(i)})
	}
	x.rebuild()
}

func (x *kyroyIndex) rebuild() {
	x.tree = kyroy.New(slices.Clone(x.all))
	x.built = len(x.all)
}

func (x *kyroyIndex) insert(p motion.Pose) {
	kp := &kyPoint{pose: p, id: int32(len(x.all))}
	x.all = append(x.all, kp)
	if x.tree == nil {
		x.tree = kyroy.New(nil)
	}
	x.tree.Insert(kp)
	if n := len(x.all); n >= rebuildMin && n >= 2*x.built {
		x.rebuild()
	}
}

func (x *kyroyIndex) inBox(q motion.Pose, r float64) []kyroy.Point {
	if x.box == nil {
		x.box = make(kdrange.Range, 3)
	}
	x.box[0] = [2]float64{q.X - r, q.X + r}
	x.box[1] = [2]float64{q.Y - r, q.Y + r}
	x.box[2] = [2]float64{q.Z - r, q.Z + r}
	return x.tree.RangeSearch(x.box)
}

func (x *kyroyIndex) nearest(q motion.Pose) (int32, float64) {
	if len(x.all) == 0 {
		return -1, math.Inf(1)
	}
	nn := x.tree.KNN(&kyPoint{pose: q}, 1)[0].(*kyPoint)
	best, bd := nn.id, poseDist(q, nn.pose)
	for _, c := range x.inBox(q, bd) {
		p := c.(*kyPoint)
		if d := poseDist(q, p.pose); d < bd || d == bd && p.id < best {
			best, bd = p.id, d
		}
	}
	return best, bd
}

func (x *kyroyIndex) radius(q motion.Pose, r float64, dst []neighbour) []neighbour {
	if len(x.all) == 0 {
		return dst
	}
	for _, c := range x.inBox(q, r) {
		p := c.(*kyPoint)
		if d := poseDist(q, p.pose); d <= r {
			dst = append(dst, neighbour{p.id, d})
		}
	}
	slices.SortFunc(dst, cmpNeighbour)
	return dst
}

func (x *kyroyIndex) any(q motion.Pose, r float64, fn func(id int32) bool) bool {
	if len(x.all) == 0 {
		return false
	}
	for _, c := range x.inBox(q, r) {
		p := c.(*kyPoint)
		if poseDist(q, p.pose) <= r && fn(p.id) {
			return true
		}
	}
	return false
}
