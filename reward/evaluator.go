package reward

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
)

// Visit is what one tree node observes: the camera at its pose and, if its
// incoming edge has one, the swept straight part of that edge. Time is the
// flight time in seconds from the tree root to the node (for the decay).
type Visit struct {
	Pose        motion.Pose
	Straight    motion.Straight
	HasStraight bool
	Time        float64
	// Turning reports that the vehicle is banking at Pose: its edge ends in
	// a turn. The no_info_on_turns term discounts the camera at the pose
	// (never the swept straight, which is flown level).
	Turning bool
	// Edge optionally holds the discretised states of the incoming edge,
	// the parent's pose first and Pose last. The standoff term measures the
	// edge's closest approach along them; without them it uses the straight
	// and the pose only, which misses the arcs of a fixed-wing edge.
	Edge []motion.Pose
}

// Evaluator computes node rewards against a belief grid. It keeps scratch
// buffers, so it is not safe for concurrent use: Clone one per goroutine.
type Evaluator struct {
	grid   *belief.Grid
	sensor *belief.Sensor
	cam    belief.Camera
	lens   lens
	edge   bool
	obj    *objective // the compiled terms, read-only and shared by clones
	memo   *memo

	// What SetDetections gave, read-only once set (clones share it): the
	// mission time of the root, the points standoff keeps away from, and per
	// cell the time of the latest detection revisit counts (nil: none).
	now     float64
	anchors []r2.Vec
	revT    []float64

	// Footprint and sweep polygons, reused.
	fp, sf, ef, ey, hull, pts []r2.Vec

	// What rangeCells needs of the visit scanVisit listed: the sweep of its
	// straight (when hasSweep), the footprint at the straight's end with
	// the end's own heading (e.ef or e.ey), and the pose.
	sweep    sweep
	eyPoly   []r2.Vec
	hasSweep bool
	at       r3.Vec
	// scanned is the visit whose footprints e.fp (and, with hasEnds, e.sf
	// and e.ef) are, for Extent, which computes others in xfp, xsf, xef.
	scanned       visitKey
	hasEnds       bool
	xfp, xsf, xef []r2.Vec

	// cells observed by the current visit: the edge's first, then the vertex's.
	cells   []obs
	nEdge   int
	scan    []cell
	lines   lineSweep // covered's scratch
	near    []*Delta  // Bound's scratch
	allowed []float64 // Bound's scratch: the cap of each swept cell
	// Bound collected the cells of visit prepared (ready), for the next
	// GainTerms to use.
	prepared visitKey
	ready    bool
	caps     caps // Bound's per-cell caps, built on first use per grid

	// Dense scratch over the cell box of the current visit: the branch belief
	// of each observed cell (cur), the chance its target has escaped every
	// look of the branch so far (miss, kept only for detection and revisit)
	// and its state for this call (stamp: gen = not yet found on the branch,
	// gen+1 = found, gen+2 = changed, gen+3 = written to the delta). A new
	// generation per call makes clearing free.
	stamp     []uint32
	cur, miss []float64
	gen       uint32
}

// obs is one cell observation: the cell, its grid index, its slot in the
// dense scratch and the slant range it is seen at.
type obs struct {
	i, j, k, l int32
	r          float64
}

// NewEvaluator returns an evaluator of cfg's reward on grid g seen through
// sensor s. The grid and the sensor are read, never written; they must not
// change while the evaluator (or a clone) uses them.
func NewEvaluator(g *belief.Grid, s *belief.Sensor, cfg Config) (*Evaluator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("reward: %w", err)
	}
	if err := checkGrid(g); err != nil {
		return nil, fmt.Errorf("reward: %w", err)
	}
	if s == nil {
		return nil, errors.New("reward: nil sensor")
	}
	c := s.Camera
	if !(c.FocalLength > 0 && c.SensorWidth > 0 && c.SensorHeight > 0) {
		return nil, fmt.Errorf("reward: camera focal length and sensor size must be > 0, got %v, %v×%v",
			c.FocalLength, c.SensorWidth, c.SensorHeight)
	}
	if !(c.Pitch > 0 && c.Pitch <= math.Pi/2) {
		return nil, fmt.Errorf("reward: camera pitch must be in (0, π/2], got %v", c.Pitch)
	}
	obj := compile(cfg)
	return &Evaluator{
		grid:    g,
		sensor:  s,
		cam:     c,
		lens:    lensOf(c),
		edge:    cfg.UseEdge(),
		obj:     obj,
		memo:    newMemo(),
		anchors: obj.points,
	}, nil
}

func checkGrid(g *belief.Grid) error {
	switch {
	case g == nil:
		return errors.New("nil grid")
	case !(g.Res > 0):
		return fmt.Errorf("grid resolution must be > 0, got %v", g.Res)
	case g.Rows < 0 || g.Cols < 0 || int64(g.Rows)*int64(g.Cols) > math.MaxInt32:
		return fmt.Errorf("grid of %d×%d cells: must have 0 to %d cells", g.Rows, g.Cols, math.MaxInt32)
	}
	n := g.Len()
	if len(g.Prob) != n || len(g.Priority) != n || len(g.Model) != n {
		return fmt.Errorf("grid of %d×%d cells has %d probabilities, %d priorities, %d sensor models",
			g.Rows, g.Cols, len(g.Prob), len(g.Priority), len(g.Model))
	}
	return nil
}

// Clone returns an evaluator sharing e's grid, sensor, configuration and
// detections with scratch buffers of its own.
func (e *Evaluator) Clone() *Evaluator {
	return &Evaluator{
		grid: e.grid, sensor: e.sensor, cam: e.cam, lens: e.lens,
		edge: e.edge, obj: e.obj, memo: newMemo(),
		now: e.now, anchors: e.anchors, revT: e.revT,
	}
}

// Grid is the belief e evaluates against.
func (e *Evaluator) Grid() *belief.Grid { return e.grid }

// Terms is the terms e sums, in the order GainTerms reports them
// (Config.ActiveTerms).
func (e *Evaluator) Terms() []Term { return append([]Term(nil), e.obj.terms...) }

// SetGrid makes e evaluate against a new belief snapshot (the planner's
// adaptive step). Deltas computed against the previous grid index the same
// cells only if g has the same geometry. It panics if g is malformed (see
// NewEvaluator), which is a programming error.
func (e *Evaluator) SetGrid(g *belief.Grid) {
	if err := checkGrid(g); err != nil {
		panic("reward: SetGrid: " + err.Error())
	}
	if e.revT != nil && g.Len() != len(e.revT) {
		panic(fmt.Sprintf("reward: SetGrid: %d cells, the detections were mapped on %d", g.Len(), len(e.revT)))
	}
	e.grid = g
	e.ready, e.caps.built = false, false
}

// Gain evaluates visit v on top of the branch belief, writes the cells it
// changed into out (reset first) and returns the node's reward: the sum of
// the configured terms over what the swept straight sees, then what the
// camera at the pose sees (which sees the straight's updates), each term
// times its weight and its decay at v.Time (model §3.6 for the entropy
// term). The end_region term is not part of it: see Terminal.
//
// branch lists the ancestors' deltas nearest first (parent, grandparent, …,
// root); a cell's belief is the value in the first delta that has it, else the
// grid's. The deltas must come from evaluators of the same configuration, and
// out must not be one of them. Gain does not allocate once its buffers have
// grown.
func (e *Evaluator) Gain(branch []*Delta, v Visit, out *Delta) float64 {
	return e.GainTerms(branch, v, out, nil)
}

// GainTerms is Gain that also writes each term's contribution to the node's
// reward into terms, in the order of Terms (terms must have a slot for each,
// or be nil). The contributions sum to the reward: the information terms
// report what they earn at full value, no_info_on_turns what the banking
// camera loses of it (≤ 0), standoff its penalty (≤ 0), end_region 0.
func (e *Evaluator) GainTerms(branch []*Delta, v Visit, out *Delta, terms []float64) float64 {
	out.Reset()
	if e.ready && e.prepared == keyOf(&v) {
		e.rangeCells()
	} else {
		e.collect(v)
	}
	e.ready = false
	cells := e.cells
	var s sums
	if len(cells) == 0 {
		return e.combine(&s, &v, terms)
	}
	track := e.obj.track

	bi0, bj0, bi1, bj1 := cells[0].i, cells[0].j, cells[0].i, cells[0].j
	for _, c := range cells[1:] {
		bi0, bi1 = min(bi0, c.i), max(bi1, c.i)
		bj0, bj1 = min(bj0, c.j), max(bj1, c.j)
	}
	w := bj1 - bj0 + 1
	e.grow(int(bi1-bi0+1) * int(w))
	g := e.nextGen()
	stamp, cur, miss, prob := e.stamp, e.cur, e.miss, e.grid.Prob
	pending := 0
	for n := range cells {
		c := &cells[n]
		c.l = (c.i-bi0)*w + (c.j - bj0)
		if stamp[c.l] != g {
			stamp[c.l], cur[c.l] = g, prob[c.k]
			if track {
				miss[c.l] = 1
			}
			pending++
		}
	}

	// Resolve each observed cell through the branch, nearest delta first.
	cols := int32(e.grid.Cols)
	lo, hi := bi0*cols+bj0, bi1*cols+bj1
	for _, d := range branch {
		if pending == 0 {
			break
		}
		if d.misses(bi0, bj0, bi1, bj1) {
			continue
		}
		for n, k := range d.idx {
			if k < lo || k > hi {
				continue
			}
			i := k / cols
			j := k - i*cols
			if j < bj0 || j > bj1 {
				continue
			}
			if l := (i-bi0)*w + (j - bj0); stamp[l] == g {
				stamp[l], cur[l] = g+1, d.val[n]
				if track {
					miss[l] = d.missAt(n)
				}
				if pending--; pending == 0 {
					break
				}
			}
		}
	}

	base := e.now + v.Time
	s.ent[0], s.det[0], s.rev[0] = e.apply(cells[:e.nEdge], 1, base, cur, miss, stamp, g)
	s.ent[1], s.det[1], s.rev[1] = e.apply(cells[e.nEdge:], e.turnFactor(&v), base, cur, miss, stamp, g)
	for _, c := range cells {
		if stamp[c.l] == g+2 {
			stamp[c.l] = g + 3
			out.add(c.k, c.i, c.j, cur[c.l])
			if track {
				out.miss = append(out.miss, miss[c.l])
			}
		}
	}
	return e.combine(&s, &v, terms)
}

// sums are one visit's per-cell totals before weights and decay, for the
// swept straight ([0]) and the camera at the pose ([1]): entropy bits ×
// priority, expected targets found × priority, and revisit value.
type sums struct{ ent, det, rev [2]float64 }

// apply observes cells with the probability f that the camera really sees
// them: it updates their beliefs in cur and their miss chances in miss,
// marks the changed ones gen+2 in stamp (unless nil), and returns the three per-cell sums at full
// value. base is the mission time of the visit, for revisit.
func (e *Evaluator) apply(cells []obs, f, base float64, cur, miss []float64, stamp []uint32, gen uint32) (ent, det, rev float64) {
	model, prio, prob := e.grid.Model, e.grid.Priority, e.grid.Prob
	track, revT, hl := e.obj.track, e.revT, e.obj.halfLife
	detOn := e.obj.idx[kDetection] >= 0
	for _, c := range cells {
		tpr, tnr := e.sensor.Rates(model[c.k], c.r)
		p := cur[c.l]
		post, gain := e.memo.update(p, tpr, tnr)
		if f != 1 {
			// Seen with probability f: the expected belief.
			post = p + f*(post-p)
		}
		ent += gain * prio[c.k]
		if post != p {
			cur[c.l] = post
			if stamp != nil {
				stamp[c.l] = gen + 2
			}
		}
		if !track {
			continue
		}
		// Only cells with something to find keep a miss chance, so that the
		// deltas stay as small as the belief's changes elsewhere.
		m := miss[c.l]
		seen := m * tpr * prio[c.k]
		found := false
		if pk := prob[c.k]; detOn && pk != 0 {
			det += pk * seen
			found = true
		}
		if revT != nil {
			if td := revT[c.k]; td != noDetection {
				rev += seen * math.Exp2(-math.Max(0, base-td)/hl)
				found = true
			}
		}
		if m2 := m * (1 - f*tpr); found && m2 != m {
			miss[c.l] = m2
			if stamp != nil {
				stamp[c.l] = gen + 2
			}
		}
	}
	return ent, det, rev
}

func (e *Evaluator) grow(n int) {
	if n > len(e.stamp) {
		e.stamp = make([]uint32, n)
		e.cur = make([]float64, n)
		if e.obj.track {
			e.miss = make([]float64, n)
		}
		e.gen = 0
	}
}

func (e *Evaluator) nextGen() uint32 {
	if e.gen > math.MaxUint32-8 {
		clear(e.stamp)
		e.gen = 0
	}
	e.gen += 4
	return e.gen
}

// Replay is the non-incremental reference: it copies the grid's
// probabilities once and applies the visits in order on the copy (each
// visit's straight, then its pose, as Gain does), returning the cumulative
// reward after each visit. Tests use it to check chains of Gain calls.
func (e *Evaluator) Replay(visits []Visit) []float64 {
	p := append([]float64(nil), e.grid.Prob...)
	var miss []float64
	if e.obj.track {
		miss = make([]float64, len(p))
		for k := range miss {
			miss[k] = 1
		}
	}
	out := make([]float64, len(visits))
	total := 0.0
	for i, v := range visits {
		e.collect(v)
		for c := range e.cells {
			e.cells[c].l = e.cells[c].k
		}
		var s sums
		base := e.now + v.Time
		s.ent[0], s.det[0], s.rev[0] = e.apply(e.cells[:e.nEdge], 1, base, p, miss, nil, 0)
		s.ent[1], s.det[1], s.rev[1] = e.apply(e.cells[e.nEdge:], e.turnFactor(&v), base, p, miss, nil, 0)
		total += e.combine(&s, &v, nil)
		out[i] = total
	}
	return out
}

// SampleWeights writes to dst (grown as needed) the weight the informed
// sampler gives each cell, in grid index order: what one observation at
// slant range slantRange would earn on the grid's belief by the configured
// cell terms, each times its weight (model §2.2 for entropy; no decay, no
// branch): entropy bits × priority, probability × true-positive rate ×
// priority for detection, and the revisit value of the cells of past
// detections. Negative weights count as 0. Standoff and end_region weigh no
// cell.
func (e *Evaluator) SampleWeights(dst []float64, slantRange float64) []float64 {
	g := e.grid
	n := g.Len()
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	o := e.obj
	wEnt, wDet, wRev := o.weightOf(kEntropy), o.weightOf(kDetection), o.weightOf(kRevisit)
	revT := e.revT
	// The range is the same for every cell, so the rates depend on the
	// sensor model only.
	var tpr, tnr [256]float64
	var known [256]bool
	rates := func(m uint8) {
		if !known[m] {
			tpr[m], tnr[m] = e.sensor.Rates(m, slantRange)
			known[m] = true
		}
	}
	if wDet == 0 && revT == nil {
		// Entropy only, the common case, in a tight loop.
		for k := range n {
			m := g.Model[k]
			rates(m)
			_, gain := e.memo.update(g.Prob[k], tpr[m], tnr[m])
			dst[k] = wEnt * math.Max(0, gain*g.Priority[k])
		}
		return dst
	}
	for k := range n {
		m := g.Model[k]
		rates(m)
		w := 0.0
		if wEnt > 0 {
			_, gain := e.memo.update(g.Prob[k], tpr[m], tnr[m])
			w = wEnt * math.Max(0, gain*g.Priority[k])
		}
		if wDet > 0 {
			w += wDet * g.Prob[k] * tpr[m] * g.Priority[k]
		}
		if revT != nil && revT[k] != noDetection {
			w += wRev * tpr[m] * g.Priority[k] * math.Exp2(-math.Max(0, e.now-revT[k])/o.halfLife)
		}
		dst[k] = math.Max(0, w)
	}
	return dst
}

// collect lists the cells v observes, with their ranges, in e.cells: those
// of the swept straight first (e.nEdge of them), then those of the camera at
// the pose. A cell appears at most once per part.
func (e *Evaluator) collect(v Visit) {
	e.scanVisit(v)
	e.rangeCells()
}

// scanVisit is the first half of collect: it lists the cells of v in e.cells
// without their ranges, and keeps what rangeCells needs for them. Bound
// needs only the cells, so a visit that is pruned skips the ranges.
func (e *Evaluator) scanVisit(v Visit) {
	e.ready = false
	e.cells = e.cells[:0]
	e.hasSweep, e.hasEnds = false, false
	if e.edge && v.HasStraight {
		e.scanEdge(v)
	}
	e.nEdge = len(e.cells)

	p := v.Pose
	e.at = p.Vec
	if e.hasEnds && p.Vec == v.Straight.End.Vec && p.Heading == v.Straight.Start.Heading {
		// An edge that ends on its straight: the camera at the pose is the
		// one at the straight's end.
		e.fp = append(e.fp[:0], e.ef...)
	} else {
		e.fp = e.cam.Footprint(e.fp, p.Vec, p.Heading)
	}
	e.scanned = keyOf(&v)
	g := e.grid
	e.scan = e.lines.covered(e.scan[:0], g, e.fp)
	for _, c := range e.scan {
		e.cells = append(e.cells, obs{i: c.i, j: c.j, k: int32(g.Index(int(c.i), int(c.j)))})
	}
}

// rangeCells sets the slant range of every cell scanVisit listed: for the
// swept straight the range sweptRange gives or, past the end footprint's
// near edge and inside it, the range from the end pose (model §3.6); for the
// camera at the pose the range from the pose.
func (e *Evaluator) rangeCells() {
	g := e.grid
	edge, vertex := e.cells[:e.nEdge], e.cells[e.nEdge:]
	if e.hasSweep {
		s, ey := &e.sweep, e.eyPoly
		end := s.end.Vec
		for n := range edge {
			c := &edge[n]
			i, j := int(c.i), int(c.j)
			corner := g.Corner(i, j)
			if s.beyondEnd(corner) && len(ey) >= 3 && g.CellInConvex(ey, i, j) {
				c.r = rangeTo(corner, end)
			} else {
				c.r = s.sweptRange(&e.lens, corner)
			}
		}
	}
	for n := range vertex {
		c := &vertex[n]
		c.r = rangeTo(g.Corner(int(c.i), int(c.j)), e.at)
	}
}

// Extent is the bounding box of the ground v's observation can touch: the
// camera footprints at its pose and, when v has a straight, at the
// straight's start and end with the start's heading (the swept area is
// their convex hull), whether or not the edge term is on. ok is false when
// every footprint is empty. Right after a Bound or Gain of v it reuses
// their footprints.
func (e *Evaluator) Extent(v Visit) (lo, hi r2.Vec, ok bool) {
	lo = r2.Vec{X: math.Inf(1), Y: math.Inf(1)}
	hi = r2.Vec{X: math.Inf(-1), Y: math.Inf(-1)}
	add := func(poly []r2.Vec) {
		if len(poly) < 3 {
			return
		}
		for _, q := range poly {
			lo.X, lo.Y = math.Min(lo.X, q.X), math.Min(lo.Y, q.Y)
			hi.X, hi.Y = math.Max(hi.X, q.X), math.Max(hi.Y, q.Y)
		}
	}
	fresh := e.scanned != keyOf(&v)
	if fresh {
		e.xfp = e.cam.Footprint(e.xfp, v.Pose.Vec, v.Pose.Heading)
		add(e.xfp)
	} else {
		add(e.fp)
	}
	if v.HasStraight {
		if fresh || !e.hasEnds {
			psi := v.Straight.Start.Heading
			e.xsf = e.cam.Footprint(e.xsf, v.Straight.Start.Vec, psi)
			e.xef = e.cam.Footprint(e.xef, v.Straight.End.Vec, psi)
			add(e.xsf)
			add(e.xef)
		} else {
			add(e.sf)
			add(e.ef)
		}
	}
	return lo, hi, lo.X <= hi.X
}

// scanEdge appends the cells swept by the straight of v: those fully inside
// the convex hull of the footprints at its start and its end (both with the
// start heading), and sets up the sweep that ranges them.
func (e *Evaluator) scanEdge(v Visit) {
	st := v.Straight
	psi := st.Start.Heading
	e.sf = e.cam.Footprint(e.sf, st.Start.Vec, psi)
	e.ef = e.cam.Footprint(e.ef, st.End.Vec, psi)
	e.hasEnds = true
	if len(e.sf) < 3 || len(e.ef) < 3 {
		return
	}
	e.hull, e.pts = convexHull(e.hull, e.pts, e.sf, e.ef)

	s := sweep{start: st.Start, end: st.End, u: unit(psi), uEnd: unit(st.End.Heading), nodeZ: v.Pose.Z}
	sxy := r2.Vec{X: st.Start.X, Y: st.Start.Y}
	exy := r2.Vec{X: st.End.X, Y: st.End.Y}
	near, _ := extent(e.sf, sxy, s.u)
	_, far := extent(e.ef, exy, s.u)
	s.m0 = r2.Add(sxy, r2.Scale(near, s.u))
	m1 := r2.Add(exy, r2.Scale(far, s.u))
	s.length = r2.Norm(r2.Sub(m1, s.m0))
	ey := e.ef
	if st.End.Heading != psi {
		e.ey = e.cam.Footprint(e.ey, st.End.Vec, st.End.Heading)
		ey = e.ey
	}
	s.nearEnd, _ = extent(ey, exy, s.uEnd)
	e.sweep, e.eyPoly, e.hasSweep = s, ey, true

	g := e.grid
	e.scan = e.lines.covered(e.scan[:0], g, e.hull)
	for _, c := range e.scan {
		e.cells = append(e.cells, obs{i: c.i, j: c.j, k: int32(g.Index(int(c.i), int(c.j)))})
	}
}
