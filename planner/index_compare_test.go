package planner

// The two k-d trees the planner used or weighed before flatIndex: gonum's
// spatial/kdtree with the package's own traversals, and
// github.com/kyroy/kdtree. They live in a test file because only the index
// tests (agreement with brute force and with flatIndex) and BenchmarkIndex
// use them; the binary carries flatIndex alone.

import (
	"math"
	"slices"

	kyroy "github.com/kyroy/kdtree"
	"github.com/kyroy/kdtree/kdrange"
	"gonum.org/v1/gonum/spatial/kdtree"

	"github.com/tigris-uav/tigris/motion"
)

// kdPoint is an indexed node. Its k-d coordinates are x, y and cost: the
// altitude, which spans tens of metres against kilometres of x and y, would
// hardly ever prune, while cost lets a dominance query skip every subtree of
// nodes dearer than the candidate. maxReward is the highest reward in the
// subtree the point heads, so a dominance query skips subtrees that cannot
// beat the candidate's reward either.
type kdPoint struct {
	entry
	maxReward float64
	id        int32
}

const costDim kdtree.Dim = 2

func (e *entry) coord(d kdtree.Dim) float64 {
	switch d {
	case 0:
		return e.pose.X
	case 1:
		return e.pose.Y
	}
	return e.cost
}

func (a *kdPoint) Compare(c kdtree.Comparable, d kdtree.Dim) float64 {
	return a.coord(d) - c.(*kdPoint).coord(d)
}
func (a *kdPoint) Dims() int { return 3 }

// Distance is not a metric over the tree's coordinates (cost is not a
// distance); the planner's own traversals never call it.
func (a *kdPoint) Distance(c kdtree.Comparable) float64 {
	d := poseDist(a.pose, c.(*kdPoint).pose)
	return d * d
}

// selectK reorders p so that p[k] has the k-th smallest coordinate d, with
// no larger one before it and no smaller one after it (Hoare quickselect with
// a median-of-three pivot).
func selectK(p []*kdPoint, k int, d kdtree.Dim) {
	lo, hi := 0, len(p)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if p[mid].coord(d) < p[lo].coord(d) {
			p[mid], p[lo] = p[lo], p[mid]
		}
		if p[hi].coord(d) < p[lo].coord(d) {
			p[hi], p[lo] = p[lo], p[hi]
		}
		if p[hi].coord(d) < p[mid].coord(d) {
			p[hi], p[mid] = p[mid], p[hi]
		}
		pivot := p[mid].coord(d)
		i, j := lo, hi
		for i <= j {
			for p[i].coord(d) < pivot {
				i++
			}
			for p[j].coord(d) > pivot {
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

// gonumIndex keeps the nodes in a gonum k-d tree and searches it with its
// own allocation-free traversals (the tree's nodes are exported), which also
// break distance ties by id so results never depend on the tree's shape.
// Left subtrees hold coordinates <= the pivot's, right ones >= (gonum's
// insertion sends ties left, a balanced build may put them either side).
// The planner used it before flatIndex; it is kept to measure against, and
// as a second answer in the index tests.
type gonumIndex struct {
	tree   kdtree.Tree
	chunks [][]kdPoint // point storage; chunked so that pointers stay valid
	all    []*kdPoint
	built  int // size at the last balanced build
	order  []*kdPoint
	nodes  []kdtree.Node // the balanced build's nodes, allocated at once
}

const chunkSize = 1024

func (x *gonumIndex) len() int { return len(x.all) }

func (x *gonumIndex) point(e entry) *kdPoint {
	n := len(x.all)
	c := n / chunkSize
	if c == len(x.chunks) {
		x.chunks = append(x.chunks, make([]kdPoint, chunkSize))
	}
	kp := &x.chunks[c][n%chunkSize]
	*kp = kdPoint{entry: e, maxReward: e.reward, id: int32(n)}
	x.all = append(x.all, kp)
	return kp
}

func (x *gonumIndex) reset(es []entry) {
	x.all = x.all[:0]
	for _, e := range es {
		x.point(e)
	}
	x.rebuild()
}

// rebuild builds a balanced tree of all points: the median of each
// subtree's points on its plane (a deterministic quickselect, where gonum's
// kdtree.New draws its pivots from the global random source) heads it. The
// tree's nodes come from one slice, reused by the next rebuild.
func (x *gonumIndex) rebuild() {
	x.order = append(x.order[:0], x.all...)
	if cap(x.nodes) < len(x.all) {
		x.nodes = make([]kdtree.Node, len(x.all))
	}
	buf := x.nodes[:len(x.all)]
	x.tree = kdtree.Tree{Root: build(x.order, 0, &buf), Count: len(x.all)}
	aggregate(x.tree.Root)
	x.built = len(x.all)
}

func build(pts []*kdPoint, plane kdtree.Dim, buf *[]kdtree.Node) *kdtree.Node {
	if len(pts) == 0 {
		return nil
	}
	k := len(pts) / 2
	selectK(pts, k, plane)
	n := &(*buf)[0]
	*buf = (*buf)[1:]
	next := (plane + 1) % 3
	*n = kdtree.Node{Point: pts[k], Plane: plane}
	n.Left = build(pts[:k], next, buf)
	n.Right = build(pts[k+1:], next, buf)
	return n
}

// aggregate sets maxReward of every point of the subtree n and returns the
// subtree's.
func aggregate(n *kdtree.Node) float64 {
	if n == nil {
		return math.Inf(-1)
	}
	p := n.Point.(*kdPoint)
	p.maxReward = max(p.reward, aggregate(n.Left), aggregate(n.Right))
	return p.maxReward
}

func (x *gonumIndex) insert(e entry) {
	kp := x.point(e)
	// Raise maxReward along the path gonum's Insert is about to take.
	for n := x.tree.Root; n != nil; {
		p := n.Point.(*kdPoint)
		p.maxReward = max(p.maxReward, e.reward)
		if kp.Compare(p, n.Plane) <= 0 {
			n = n.Left
		} else {
			n = n.Right
		}
	}
	x.tree.Insert(kp, false)
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
		if n.Plane == costDim {
			s.walk(n.Left)
			n = n.Right
			continue
		}
		c := axis(s.q, n.Plane) - p.coord(n.Plane)
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

// axis is the query pose's coordinate on spatial plane d.
func axis(q motion.Pose, d kdtree.Dim) float64 {
	if d == 0 {
		return q.X
	}
	return q.Y
}

func (x *gonumIndex) radius(q motion.Pose, r float64, dst []neighbour) []neighbour {
	dst = x.ball(q, r, dst)
	slices.SortFunc(dst, cmpNeighbour)
	return dst
}

func (x *gonumIndex) ball(q motion.Pose, r float64, dst []neighbour) []neighbour {
	s := rangeSearch{q: q, r: r, r2: r * r, dst: dst}
	s.walk(x.tree.Root)
	return s.dst
}

type rangeSearch struct {
	q     motion.Pose
	r, r2 float64
	dst   []neighbour
}

func (s *rangeSearch) walk(n *kdtree.Node) {
	for n != nil {
		p := n.Point.(*kdPoint)
		if d := within(s.q, p.pose, s.r, s.r2); d >= 0 {
			s.dst = append(s.dst, neighbour{p.id, d})
		}
		if n.Plane == costDim {
			s.walk(n.Left)
			n = n.Right
			continue
		}
		c := axis(s.q, n.Plane) - p.coord(n.Plane)
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

func (x *gonumIndex) dominated(q motion.Pose, r, cost, reward float64) bool {
	s := dominanceSearch{q: q, r: r, r2: r * r, cost: cost, reward: reward}
	return s.walk(x.tree.Root)
}

type dominanceSearch struct {
	q                   motion.Pose
	r, r2, cost, reward float64
}

func (s *dominanceSearch) walk(n *kdtree.Node) bool {
	for n != nil {
		p := n.Point.(*kdPoint)
		if p.maxReward < s.reward {
			return false
		}
		if p.cost <= s.cost && p.reward >= s.reward && within(s.q, p.pose, s.r, s.r2) >= 0 {
			return true
		}
		if n.Plane == costDim {
			// Right of a cost plane every cost is >= the pivot's.
			if p.cost > s.cost {
				n = n.Left
				continue
			}
			if s.walk(n.Left) {
				return true
			}
			n = n.Right
			continue
		}
		c := axis(s.q, n.Plane) - p.coord(n.Plane)
		near, far := n.Left, n.Right
		if c > 0 {
			near, far = far, near
		}
		if s.walk(near) {
			return true
		}
		if math.Abs(c) > s.r {
			return false
		}
		n = far
	}
	return false
}

// kyPoint is an indexed node for github.com/kyroy/kdtree, over x, y, z.
type kyPoint struct {
	entry
	id int32
}

func (p *kyPoint) Dimensions() int { return 3 }
func (p *kyPoint) Dimension(i int) float64 {
	switch i {
	case 0:
		return p.pose.X
	case 1:
		return p.pose.Y
	}
	return p.pose.Z
}

// kyroyIndex answers the same queries with github.com/kyroy/kdtree, which
// has k-NN and box queries only: nearest is the Euclidean nearest widened to
// a box of its true distance, the others are boxes filtered by the metric.
// It is kept to measure against (BenchmarkIndex); the planner uses
// flatIndex. Its queries share a scratch box, so unlike the others' they
// must not run concurrently.
type kyroyIndex struct {
	tree  *kyroy.KDTree
	all   []kyroy.Point
	built int
	box   kdrange.Range
}

func (x *kyroyIndex) len() int { return len(x.all) }

func (x *kyroyIndex) reset(es []entry) {
	x.all = x.all[:0]
	for i, e := range es {
		x.all = append(x.all, &kyPoint{entry: e, id: int32(i)})
	}
	x.rebuild()
}

func (x *kyroyIndex) rebuild() {
	x.tree = kyroy.New(slices.Clone(x.all))
	x.built = len(x.all)
}

func (x *kyroyIndex) insert(e entry) {
	kp := &kyPoint{entry: e, id: int32(len(x.all))}
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
	nn := x.tree.KNN(&kyPoint{entry: entry{pose: q}}, 1)[0].(*kyPoint)
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
	dst = x.ball(q, r, dst)
	slices.SortFunc(dst, cmpNeighbour)
	return dst
}

func (x *kyroyIndex) ball(q motion.Pose, r float64, dst []neighbour) []neighbour {
	if len(x.all) == 0 {
		return dst
	}
	for _, c := range x.inBox(q, r) {
		p := c.(*kyPoint)
		if d := poseDist(q, p.pose); d <= r {
			dst = append(dst, neighbour{p.id, d})
		}
	}
	return dst
}

func (x *kyroyIndex) dominated(q motion.Pose, r, cost, reward float64) bool {
	if len(x.all) == 0 {
		return false
	}
	for _, c := range x.inBox(q, r) {
		p := c.(*kyPoint)
		if p.cost <= cost && p.reward >= reward && poseDist(q, p.pose) <= r {
			return true
		}
	}
	return false
}
