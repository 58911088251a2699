package belief

import (
	"math"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
)

// ObserveFootprint applies a real observation, taken from camera position pos
// with ground footprint fp (convex, e.g. from Camera.Footprint), to the
// belief: every cell with all 4 corners inside fp gets the Bayes update
// Observe with the rates of its sensor model at the slant range from pos to
// its lower-left corner (model §3.7, but with the actual outcome).
// detected(i, j) reports whether the detector fired on cell (i, j); nil means
// nothing was detected. It returns the probability mass removed (negative if
// detections added more than misses removed).
func (g *Grid) ObserveFootprint(s *Sensor, pos r3.Vec, fp []r2.Vec, detected func(i, j int) bool) float64 {
	removed := 0.0
	g.eachSeen(s, pos, fp, func(i, j, k int, tpr, tnr float64) {
		p := g.Prob[k]
		g.Prob[k] = Observe(p, tpr, tnr, detected != nil && detected(i, j))
		removed += p - g.Prob[k]
	})
	return removed
}

// PseudoObserveFootprint is ObserveFootprint with the planner's deterministic
// most-likely outcome (Update, model §3.5) instead of a real one: the
// reference's coverage update of the flown trajectory (model §3.7). It returns
// the entropy removed in bits, weighted by each cell's priority — the reward
// the planner would credit for this view.
func (g *Grid) PseudoObserveFootprint(s *Sensor, pos r3.Vec, fp []r2.Vec) float64 {
	gained := 0.0
	g.eachSeen(s, pos, fp, func(_, _, k int, tpr, tnr float64) {
		post, gain := Update(g.Prob[k], tpr, tnr)
		g.Prob[k] = post
		gained += gain * g.Priority[k]
	})
	return gained
}

// eachSeen calls f for every cell fully inside fp with its storage index and
// the rates at its range from pos.
func (g *Grid) eachSeen(s *Sensor, pos r3.Vec, fp []r2.Vec, f func(i, j, k int, tpr, tnr float64)) {
	i0, j0, i1, j1, ok := g.FootprintBox(fp)
	if !ok {
		return
	}
	z2 := pos.Z * pos.Z
	for i := i0; i <= i1; i++ {
		dx := g.XStart + float64(i)*g.Res - pos.X
		for j := j0; j <= j1; j++ {
			if !g.CellInConvex(fp, i, j) {
				continue
			}
			dy := g.YStart + float64(j)*g.Res - pos.Y
			k := g.Index(i, j)
			tpr, tnr := s.Rates(g.Model[k], math.Sqrt(dx*dx+dy*dy+z2))
			f(i, j, k, tpr, tnr)
		}
	}
}
