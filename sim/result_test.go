package sim

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tigris-uav/tigris/motion"
)

func TestWriteCSV(t *testing.T) {
	r := &Result{
		Series: []Sample{
			{T: 0, Entropy: 100, ProbMass: 5, BudgetLeft: 1},
			{T: 1, Entropy: 99.5, ProbMass: 4.9, InfoGained: 0.5, TargetsFound: 1, FalseDetections: 2, Distance: 25, BudgetLeft: 0.99, Replans: 1, TreeSize: 321},
		},
		Trail: []motion.Pose{pose(0, 0, 50, 0), pose(25, 0, 50, 90)},
	}
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"t_s", "entropy_bits", "prob_mass", "info_gained_bits", "targets_found", "false_detections", "distance_m", "budget_left", "replans", "tree_size", "x", "y", "z", "heading_deg"},
		{"0", "100", "5", "0", "0", "0", "0", "1", "0", "0", "0", "0", "50", "0"},
		{"1", "99.5", "4.9", "0.5", "1", "2", "25", "0.99", "1", "321", "25", "0", "50", "90"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%v", len(rows), len(want), rows)
	}
	for i := range want {
		if strings.Join(rows[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("row %d = %v, want %v", i, rows[i], want[i])
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteCSVError(t *testing.T) {
	r := &Result{Series: make([]Sample, 5000), Trail: make([]motion.Pose, 5000)}
	if err := r.WriteCSV(failWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the writer's error", err)
	}
}

// The JSON field names are DESIGN §4's.
func TestSummaryJSON(t *testing.T) {
	b, err := json.Marshal(Summary{})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"planner", "mission", "seed", "duration_s", "distance_m", "replans", "entropy_start",
		"entropy_end", "prob_mass_seen", "targets_total", "targets_found", "false_detections", "plan_wall_s"} {
		if !strings.Contains(string(b), `"`+key+`":`) {
			t.Errorf("no %q in %s", key, b)
		}
	}
}

// The recorder never holds more than maxSamples; past that it keeps every
// other sample and doubles its interval.
func TestRecorderBounded(t *testing.T) {
	r := newRecorder()
	for tick := 0; tick <= 3*3600*50; tick++ {
		tt := float64(tick) / 50
		if r.due(tt) {
			r.add(Sample{T: tt}, motion.Pose{})
		}
		if len(r.series) > maxSamples || cap(r.series) != maxSamples {
			t.Fatalf("t=%v: %d samples, capacity %d", tt, len(r.series), cap(r.series))
		}
	}
	if r.interval != 4 {
		t.Errorf("interval after 3 h = %v s, want 4", r.interval)
	}
	for k := 1; k < len(r.series); k++ {
		if d := r.series[k].T - r.series[k-1].T; d < 1 || d > r.interval {
			t.Fatalf("samples %d and %d are %v s apart", k-1, k, d)
		}
	}
}
