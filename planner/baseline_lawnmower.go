package planner

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// lawnmower is the coverage baseline (model §5.5, concave-correct and
// budget-aware): parallel passes about one camera footprint width apart
// (see sweepSpacing), along
// the longer side of the search polygon's bounding box, clipped to the
// polygon (a concave polygon cuts a line into several passes) and pulled in
// from its edge by the turn radius (at least half a footprint), so the
// turns at the pass ends stay inside.
//
// The route is built once, from the first replan's start: from the end of
// each pass it flies to the unvisited pass end that is cheapest to reach,
// by the motion model's path when the straight line to it stays inside the
// polygon, else around the concave parts along the shortest chain of pass
// ends that does. A fixed-wing thus skips to a line far enough for a plain
// U-turn rather than looping onto the next one. Each replan flies on from
// where the previous one left off until the route or the budget ends; the
// belief and the termination do not change it (there is nothing to search).
type lawnmower struct {
	*chain
	z      float64
	passes []pass

	route []motion.Pose // the whole coverage route; route[0] is the start it was built from
	ends  []motion.Pose // the last replan's start and leg ends …
	next  []int         // … and the route index each continues with
}

// pass is one sweep of the vehicle from a to b.
type pass struct{ a, b r2.Vec }

// coverageViewpointGoal is where the reference aims the coverage camera
// (model §5.5): a little above the image centre.
const coverageViewpointGoal = -0.3

func newLawnmower(p Problem) (*lawnmower, error) {
	c, err := newChain(p)
	if err != nil {
		return nil, err
	}
	width := sweepSpacing(p.Sensor.Camera, p.Altitude, p.Grid.Res)
	margin := math.Max(turnRadius(p.Model), width/2)
	return &lawnmower{chain: c, z: p.Altitude, passes: sweepPasses(p.Grid.Bounds, width, margin)}, nil
}

// sweepSpacing is the distance between passes: the footprint width less one
// cell (when that leaves at least a cell), so that every cell lies wholly
// inside some pass's footprint; the reward and the belief count only cells
// seen whole, and at the bare footprint width a cell straddling two
// footprints would be seen by neither.
func sweepSpacing(cam belief.Camera, z, res float64) float64 {
	w := footprintWidth(cam, z)
	if w >= 2*res {
		return w - res
	}
	return w
}

// footprintWidth is the camera's ground width at the coverage aim point
// from altitude z (model §5.5): the sweep spacing.
func footprintWidth(cam belief.Camera, z float64) float64 {
	decl := aimDeclination(cam, coverageViewpointGoal)
	dx := z / math.Tan(decl)
	return 2 * math.Hypot(dx, z) * math.Tan(cam.HFOV()/2)
}

// sweepPasses cuts poly into passes: lines parallel to the longer side of
// its bounding box, the first width/2 in from the box edge and then every
// width (floor(short side/width) of them, at least one), each clipped to
// poly and shortened by margin at both ends. A piece shorter than 2·margin
// becomes a pass of no length at its middle. Passes are in line order, and
// along each line in increasing coordinate.
func sweepPasses(poly geom.Polygon, width, margin float64) []pass {
	box := poly.Bounds()
	size := r2.Sub(box.Max, box.Min)
	alongX := size.X >= size.Y
	// (u, v): u along the passes, v across them.
	uv := func(p r2.Vec) (float64, float64) {
		if alongX {
			return p.X, p.Y
		}
		return p.Y, p.X
	}
	xy := func(u, v float64) r2.Vec {
		if alongX {
			return r2.Vec{X: u, Y: v}
		}
		return r2.Vec{X: v, Y: u}
	}
	_, v0 := uv(box.Min)
	short := math.Min(size.X, size.Y)
	n := max(1, int(math.Floor(short/width)))
	var out []pass
	var cuts []float64
	for k := range n {
		v := v0 + width/2 + float64(k)*width
		if n == 1 {
			v = v0 + short/2
		}
		cuts = cuts[:0]
		for i := range poly {
			pu, pv := uv(poly[i])
			qu, qv := uv(poly[(i+1)%len(poly)])
			if (pv > v) != (qv > v) {
				cuts = append(cuts, pu+(v-pv)*(qu-pu)/(qv-pv))
			}
		}
		slices.Sort(cuts)
		for i := 0; i+1 < len(cuts); i += 2 {
			a, b := cuts[i]+margin, cuts[i+1]-margin
			if a > b {
				a = (cuts[i] + cuts[i+1]) / 2
				b = a
			}
			out = append(out, pass{xy(a, v), xy(b, v)})
		}
	}
	return out
}

// Replan implements Replanner.
func (l *lawnmower) Replan(ctx context.Context, start motion.Pose, budget Budget, grid *belief.Grid, _ Termination) (Result, error) {
	if err := l.begin(start, budget, grid); err != nil {
		return Result{}, err
	}
	k := -1
	for i, e := range l.ends {
		if samePlace(e, start) {
			k = l.next[i]
			break
		}
	}
	if k < 0 {
		l.route = l.buildRoute(start)
		k = 1
	}
	// A replan may start again at this replan's start (the vehicle is still
	// on the first leg), or at the end of any of its legs.
	l.ends, l.next = append(l.ends[:0], l.legs[0].end()), append(l.next[:0], k)
	it := 0
	for ; k < len(l.route) && !l.exhausted(); k++ {
		if err := ctx.Err(); err != nil {
			return l.result(it, len(l.legs)), fmt.Errorf("planner: replan cancelled after %d legs: %w", it, err)
		}
		it++
		if l.extend(l.route[k], math.Inf(1)) {
			l.ends = append(l.ends, l.last().end())
			l.next = append(l.next, k+1)
		}
	}
	return l.result(it, len(l.legs)), nil
}

// samePlace is the tree's test for a replan start on the previous plan.
func samePlace(a, b motion.Pose) bool {
	return math.Abs(a.X-b.X) < 1e-3 && math.Abs(a.Y-b.Y) < 1e-3 && math.Abs(a.Z-b.Z) < 1e-3 &&
		motion.AngleDiff(a.Heading, b.Heading) < 1e-2
}

// buildRoute orders the passes from start (see lawnmower) and returns the
// waypoints: start, then for each pass the pass ends on the way to it and
// its two ends.
func (l *lawnmower) buildRoute(start motion.Pose) []motion.Pose {
	poly := l.prob.Grid.Bounds
	// Graph nodes: the pass ends (2i, 2i+1), then the start.
	nEnd := 2 * len(l.passes)
	pts := make([]r2.Vec, nEnd+1)
	for i, p := range l.passes {
		pts[2*i], pts[2*i+1] = p.a, p.b
	}
	pts[nEnd] = r2.Vec{X: start.X, Y: start.Y}
	nv := len(pts)
	edge := make([]float64, nv*nv) // straight-line length when the segment stays inside, else +Inf
	for i := range nv {
		for j := range nv {
			edge[i*nv+j] = math.Inf(1)
			if i == j || (poly.Contains(pts[i]) && !poly.SegmentCrossesBoundary(pts[i], pts[j])) {
				edge[i*nv+j] = r2.Norm(r2.Sub(pts[i], pts[j]))
			}
		}
	}
	// Inside-ness must be symmetric; a point on the boundary counts as out.
	for i := range nv {
		for j := range i {
			m := math.Max(edge[i*nv+j], edge[j*nv+i])
			edge[i*nv+j], edge[j*nv+i] = m, m
		}
	}
	route := []motion.Pose{start}
	cur, curPose := nEnd, start
	visited := make([]bool, len(l.passes))
	dist := make([]float64, nv)
	prev := make([]int, nv)
	var probe motion.Path
	for range l.passes {
		dijkstra(edge, nv, cur, dist, prev)
		best, bestCost := -1, math.Inf(1)
		for e := range nEnd {
			if visited[e/2] {
				continue
			}
			cost := dist[e]
			in, _ := l.passPoses(e, pts[cur])
			if prev[e] == cur && l.prob.Model.Steer(&probe, curPose, in, lengthStep) == nil {
				cost = probe.Length()
			}
			if math.IsInf(dist[e], 1) {
				// Unreachable inside the polygon (the start is outside, say):
				// fly straight, after every reachable pass.
				cost = 1e12 + r2.Norm(r2.Sub(pts[e], pts[cur]))
			}
			if cost < bestCost {
				best, bestCost = e, cost
			}
		}
		var via []int
		if !math.IsInf(dist[best], 1) {
			for v := prev[best]; v != cur; v = prev[v] {
				via = append(via, v)
			}
		}
		from := pts[cur]
		for i := len(via) - 1; i >= 0; i-- {
			p := pts[via[i]]
			route = append(route, l.pose(p, math.Atan2(p.Y-from.Y, p.X-from.X)))
			from = p
		}
		visited[best/2] = true
		in, out := l.passPoses(best, from)
		route = append(route, in)
		if out.Vec != in.Vec {
			route = append(route, out)
		}
		cur, curPose = best^1, route[len(route)-1]
	}
	return route
}

func (l *lawnmower) pose(p r2.Vec, heading float64) motion.Pose {
	q := motion.Pose{Heading: motion.WrapPi(heading)}
	q.X, q.Y, q.Z = p.X, p.Y, l.z
	return q
}

// passPoses are the poses at the two ends of the pass entered at end e
// (2i for a, 2i+1 for b), both heading along it from e to the other end. A
// pass of no length is flown in the direction it is approached from p.
func (l *lawnmower) passPoses(e int, from r2.Vec) (in, out motion.Pose) {
	p := l.passes[e/2]
	a, b := p.a, p.b
	if e%2 == 1 {
		a, b = b, a
	}
	if a == b {
		b = r2.Add(a, r2.Sub(a, from))
	}
	psi := math.Atan2(b.Y-a.Y, b.X-a.X)
	return l.pose(a, psi), l.pose(p.other(e), psi)
}

// other is the end of the pass that is not end e.
func (p pass) other(e int) r2.Vec {
	if e%2 == 1 {
		return p.a
	}
	return p.b
}

// dijkstra fills dist and prev with the shortest paths from src over the
// dense graph of n nodes whose edge weights are w[i*n+j] (+Inf: no edge).
func dijkstra(w []float64, n, src int, dist []float64, prev []int) {
	done := make([]bool, n)
	for i := range n {
		dist[i], prev[i] = math.Inf(1), -1
	}
	dist[src] = 0
	for range n {
		u := -1
		for i := range n {
			if !done[i] && !math.IsInf(dist[i], 1) && (u < 0 || dist[i] < dist[u]) {
				u = i
			}
		}
		if u < 0 {
			return
		}
		done[u] = true
		for v := range n {
			if d := dist[u] + w[u*n+v]; d < dist[v] {
				dist[v], prev[v] = d, u
			}
		}
	}
}
