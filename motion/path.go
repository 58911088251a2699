package motion

// Truncate keeps the first n states of p (n is clamped to [1, len(States)])
// and clips the straights to the kept arc length: a straight that starts at
// or after the last kept state is dropped, and one cut in its middle now ends
// at the last kept state. The planner uses it when an edge stops short of its
// target (budget, extend distance, keep-out), so a truncated straight still
// earns swept-edge reward.
func (p *Path) Truncate(n int) {
	if len(p.States) == 0 {
		return
	}
	n = max(1, min(n, len(p.States)))
	p.States, p.Dist, p.Time = p.States[:n], p.Dist[:n], p.Time[:n]
	end := p.Dist[n-1]
	k := 0
	for _, s := range p.Straights {
		if s.From >= end {
			break
		}
		if s.To > end {
			s.End, s.To = p.States[n-1], end
		}
		p.Straights[k] = s
		k++
	}
	p.Straights = p.Straights[:k]
}
