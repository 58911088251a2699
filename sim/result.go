package sim

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
)

// maxSamples caps the time series: when it is full every other sample is
// dropped and the sampling interval doubles, so memory stays bounded however
// long the mission (a 2-hour mission keeps one sample every 2 s).
const maxSamples = 4096

// Summary is what `tigris sim -json` prints (DESIGN §4). Every field but
// PlanWallS is a function of the Setup and the seed in deterministic mode.
type Summary struct {
	Planner   string  `json:"planner"`
	Mission   string  `json:"mission"`
	Seed      uint64  `json:"seed"`
	DurationS float64 `json:"duration_s"` // mission clock at the end, pre-launch planning included
	DistanceM float64 `json:"distance_m"` // metres flown
	Replans   int     `json:"replans"`    // plans committed, the first included

	EntropyStart float64 `json:"entropy_start"` // total belief entropy, bits
	EntropyEnd   float64 `json:"entropy_end"`
	// ProbMassSeen is the fraction, in [0, 1], of the initial probability
	// mass lying in cells the camera saw at least once: coverage weighted by
	// the prior.
	ProbMassSeen float64 `json:"prob_mass_seen"`

	TargetsTotal    int `json:"targets_total"`
	TargetsFound    int `json:"targets_found"`
	FalseDetections int `json:"false_detections"` // cells where the detector fired with no target

	// PlanWallS is the wall-clock time spent planning, in seconds. It is
	// the only field that differs between two runs of the same seed.
	PlanWallS float64 `json:"plan_wall_s"`
}

// Sample is one row of the time series.
type Sample struct {
	T               float64 // mission clock, s
	Entropy         float64 // total belief entropy, bits
	ProbMass        float64 // Σ p over the grid: the expected number of undetected targets
	InfoGained      float64 // entropy at the start minus now, bits
	TargetsFound    int
	FalseDetections int
	Distance        float64 // metres flown
	BudgetLeft      float64 // fraction of the budget left, the tighter of distance and time
	Replans         int
	TreeSize        int // nodes in the planner's tree after the latest replan
}

// Result is a finished mission.
type Result struct {
	Summary Summary
	// Series is the time series, one sample at most every second (every
	// 2^k s on long missions, see Sample), the final state last.
	Series []Sample
	// Trail is the vehicle's pose at the time of each sample.
	Trail []motion.Pose
	// Targets is the ground truth at the end, with who was found when.
	Targets []Target
	// Belief is the world's belief at the end (a clone; the Setup's grid is
	// never modified).
	Belief *belief.Grid
}

// WriteCSV writes the time series as CSV with a header line: t_s,
// entropy_bits, prob_mass, info_gained_bits, targets_found,
// false_detections, distance_m, budget_left, replans, tree_size, x, y, z,
// heading_deg (the vehicle's pose at the sample).
func (r *Result) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("t_s,entropy_bits,prob_mass,info_gained_bits,targets_found,false_detections,distance_m,budget_left,replans,tree_size,x,y,z,heading_deg\n")
	var buf []byte
	f := func(v float64) {
		buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
		buf = append(buf, ',')
	}
	for k, s := range r.Series {
		buf = buf[:0]
		f(s.T)
		f(s.Entropy)
		f(s.ProbMass)
		f(s.InfoGained)
		buf = strconv.AppendInt(buf, int64(s.TargetsFound), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(s.FalseDetections), 10)
		buf = append(buf, ',')
		f(s.Distance)
		f(s.BudgetLeft)
		buf = strconv.AppendInt(buf, int64(s.Replans), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(s.TreeSize), 10)
		buf = append(buf, ',')
		var p motion.Pose
		if k < len(r.Trail) {
			p = r.Trail[k]
		}
		f(p.X)
		f(p.Y)
		f(p.Z)
		buf = strconv.AppendFloat(buf, p.Heading*180/math.Pi, 'g', -1, 64)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("sim: writing the time series: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sim: writing the time series: %w", err)
	}
	return nil
}

// recorder keeps the time series in a bounded buffer.
type recorder struct {
	series   []Sample
	trail    []motion.Pose
	interval float64 // seconds between samples
	next     float64 // mission time of the next sample
}

func newRecorder() *recorder {
	return &recorder{
		series:   make([]Sample, 0, maxSamples),
		trail:    make([]motion.Pose, 0, maxSamples),
		interval: 1,
	}
}

// due reports whether a sample is due at mission time t.
func (r *recorder) due(t float64) bool { return t >= r.next }

// add records a sample, halving the stored resolution when the buffer is full.
func (r *recorder) add(s Sample, p motion.Pose) {
	if len(r.series) == maxSamples {
		n := 0
		for k := 0; k < len(r.series); k += 2 {
			r.series[n], r.trail[n] = r.series[k], r.trail[k]
			n++
		}
		r.series, r.trail = r.series[:n], r.trail[:n]
		r.interval *= 2
	}
	r.series = append(r.series, s)
	r.trail = append(r.trail, p)
	r.next = s.T + r.interval
}
