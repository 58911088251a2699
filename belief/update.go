package belief

import "math"

// ConfidenceThreshold splits the deterministic pseudo-measurement of model
// §3.5: a cell whose probability is strictly above it is assumed to yield a
// detection, any other cell a miss.
const ConfidenceThreshold = 0.5

// Entropy is the binary entropy of p in bits; 0 at p = 0, p = 1 and for p
// outside [0, 1].
func Entropy(p float64) float64 {
	if !(p > 0 && p < 1) {
		return 0
	}
	return -p*math.Log2(p) - (1-p)*math.Log2(1-p)
}

// Update applies the planner's deterministic most-likely-outcome update (model
// §3.5) to a cell with probability p seen by a sensor with true-positive rate
// tpr and true-negative rate tnr. It returns the posterior and the entropy drop
// in bits (negative if the entropy rises).
func Update(p, tpr, tnr float64) (post, gain float64) {
	if p > ConfidenceThreshold {
		post = tpr * p / (tpr*p + (1-tnr)*(1-p))
	} else {
		post = (1 - tpr) * p / ((1-tpr)*p + tnr*(1-p))
	}
	if math.IsNaN(post) {
		post = p
	}
	post = math.Min(1, math.Max(0, post))
	return post, Entropy(p) - Entropy(post)
}

// Observe is the Bayes update of a cell with probability p after a real
// observation: detected reports whether the detector fired. Unlike Update it
// follows what was actually seen, so a miss lowers p and a detection raises it
// (by the table's true- and false-positive rates).
func Observe(p, tpr, tnr float64, detected bool) float64 {
	var num, den float64
	if detected {
		num = tpr * p
		den = num + (1-tnr)*(1-p)
	} else {
		num = (1 - tpr) * p
		den = num + tnr*(1-p)
	}
	if den == 0 {
		return p
	}
	return math.Min(1, math.Max(0, num/den))
}
