package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Same mission and seed give byte-identical `sim -json` output once the one
// wall-clock field is removed.
func TestSimJSONIsReproducible(t *testing.T) {
	run := func(seed string) map[string]any {
		code, stdout, stderr := runCLI(t, "sim", "-mission", "field-multirotor", "-iters", "3", "-seed", seed, "-json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var out map[string]any
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("not one JSON object: %v\n%s", err, stdout)
		}
		for _, key := range []string{"planner", "mission", "seed", "duration_s", "distance_m", "replans",
			"entropy_start", "entropy_end", "prob_mass_seen", "targets_total", "targets_found"} {
			if _, ok := out[key]; !ok {
				t.Errorf("sim -json lacks %q", key)
			}
		}
		delete(out, "plan_wall_s")
		return out
	}
	a, b := run("7"), run("7")
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("two runs of seed 7 differ:\n%s\n%s", ja, jb)
	}
	if a["entropy_end"].(float64) >= a["entropy_start"].(float64) {
		t.Errorf("entropy did not drop: %v → %v", a["entropy_start"], a["entropy_end"])
	}
	if c := run("8"); c["targets_total"] == nil {
		t.Error("seed 8 produced no summary")
	}
}

func TestSimCSVAndErrors(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "series.csv")
	code, stdout, stderr := runCLI(t, "sim", "-mission", "field-multirotor", "-iters", "2", "-csv", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "targets found") {
		t.Errorf("readable summary missing: %s", stdout)
	}
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "t_s,entropy_bits") {
		t.Errorf("CSV has %d lines, header %q", len(lines), lines[0])
	}
	flown := filepath.Join(t.TempDir(), "flown.json")
	if code, _, stderr := runCLI(t, "sim", "-mission", "field-multirotor", "-iters", "2", "-out", flown); code != 0 {
		t.Fatalf("-out: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(flown); err != nil || !strings.Contains(string(b), "heading_deg") {
		t.Errorf("flown path not written as JSON poses: %v %.200s", err, b)
	}
	if code, _, _ := runCLI(t, "sim", "-mission", "field-multirotor", "-out", filepath.Join(t.TempDir(), "flown.kml")); code != 2 {
		t.Errorf("-out .kml without an origin: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "sim", "-planner", "teleport"); code != 2 {
		t.Errorf("unknown planner kind: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "sim", "-mission", "field-multirotor", "-csv", filepath.Join(t.TempDir(), "no", "such", "dir.csv")); code != 2 {
		t.Errorf("unwritable CSV path: exit %d, want 2", code)
	}
}

// A replan that finds nothing to fly does not end the mission while budget
// is left: with two iterations per replan the field-geo search once stopped
// after 40 m of its 2.4 km.
func TestSimKeepsReplanningAfterAnEmptyPlan(t *testing.T) {
	code, stdout, stderr := runCLI(t, "sim", "-mission", "field-geo", "-iters", "2", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		DistanceM float64 `json:"distance_m"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.DistanceM < 2000 {
		t.Errorf("flew %.0f m of a 2400 m budget", out.DistanceM)
	}
}
