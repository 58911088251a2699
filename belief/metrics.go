package belief

// ProbabilityMass is the sum of all cells' probabilities: the expected number
// of undetected targets under the per-cell independent model.
func (g *Grid) ProbabilityMass() float64 {
	s := 0.0
	for _, p := range g.Prob {
		s += p
	}
	return s
}

// TotalEntropy is the sum of all cells' binary entropies, in bits.
func (g *Grid) TotalEntropy() float64 {
	s := 0.0
	for _, p := range g.Prob {
		s += Entropy(p)
	}
	return s
}

// AverageEntropy is TotalEntropy over the number of cells, out-of-bounds
// cells included (the reference's published average_entropy, model §3.7).
func (g *Grid) AverageEntropy() float64 {
	if g.Len() == 0 {
		return 0
	}
	return g.TotalEntropy() / float64(g.Len())
}

// AverageProbability is ProbabilityMass over the number of cells, out-of-bounds
// cells included (the reference's average_prob, model §3.7).
func (g *Grid) AverageProbability() float64 {
	if g.Len() == 0 {
		return 0
	}
	return g.ProbabilityMass() / float64(g.Len())
}
