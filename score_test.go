package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

const handPath = `
- {x: 4500, y: 2500, z: 110, heading_deg: 180}
- {x: 3800, y: 3000, z: 50, heading_deg: 90}
- {x: 3800, y: 4200, z: 50, heading_deg: 90}
- {x: 3000, y: 4500, z: 50, heading_deg: 180}
`

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// `tigris score` prints the total the reward package computes when the same
// path is steered and evaluated by hand, node by node.
func TestScoreMatchesRewardPackage(t *testing.T) {
	code, stdout, stderr := runCLI(t, "score", "-mission", "coastal-search", "-path", writeFile(t, "p.yaml", handPath), "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out scoreOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout)
	}
	if len(out.Nodes) != 4 {
		t.Fatalf("%d nodes, want 4", len(out.Nodes))
	}

	m, err := loadMission("coastal-search")
	if err != nil {
		t.Fatal(err)
	}
	w, err := m.build()
	if err != nil {
		t.Fatal(err)
	}
	poses, err := parsePath([]byte(handPath), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := reward.NewEvaluator(w.Grid, w.Sensor, m.Reward)
	if err != nil {
		t.Fatal(err)
	}
	deltas := []*reward.Delta{new(reward.Delta)}
	total := ev.Gain(nil, reward.Visit{Pose: poses[0]}, deltas[0])
	elapsed := 0.0
	var path motion.Path
	for k := 1; k < len(poses); k++ {
		if err := w.Model.Steer(&path, poses[k-1], poses[k], m.Planner.Step); err != nil {
			t.Fatal(err)
		}
		elapsed += path.Duration()
		v := reward.Visit{Pose: path.States[len(path.States)-1], Time: elapsed}
		v.Pose.Heading = motion.WrapPi(v.Pose.Heading)
		for _, s := range path.Straights {
			if !v.HasStraight || s.To-s.From > v.Straight.To-v.Straight.From {
				v.Straight, v.HasStraight = s, true
			}
		}
		branch := make([]*reward.Delta, 0, k)
		for j := k - 1; j >= 0; j-- {
			branch = append(branch, deltas[j])
		}
		d := new(reward.Delta)
		total += ev.Gain(branch, v, d)
		deltas = append(deltas, d)
		if got := out.Nodes[k].Reward; math.Abs(got-total) > 1e-9*math.Max(1, total) {
			t.Errorf("node %d: score says %.9f, the reward package %.9f", k, got, total)
		}
	}
	if math.Abs(out.Reward-total) > 1e-9*math.Max(1, total) || total <= 0 {
		t.Errorf("total: score says %.9f, the reward package %.9f", out.Reward, total)
	}

	// The readable form prints the same total.
	code, text, _ := runCLI(t, "score", "-mission", "coastal-search", "-path", writeFile(t, "p.yaml", handPath))
	if code != 0 || !strings.Contains(text, "total reward") {
		t.Fatalf("readable output: exit %d\n%s", code, text)
	}
}

func TestScoreBadPathFiles(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"empty", "", "empty"},
		{"empty list", "[]", "empty"},
		{"non-numeric", "- {x: east, y: 0, z: 50, heading_deg: 0}", "[0].x"},
		{"NaN", "- {x: .nan, y: 0, z: 50, heading_deg: 0}", "non-finite"},
		{"unknown key", "- {x: 0, y: 0, z: 50, heading: 0}", "unknown key"},
		{"not a list", "x: 1", "list"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, "path.yaml", c.text)
			code, stdout, stderr := runCLI(t, "score", "-mission", "coastal-search", "-path", p)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %s", code, stderr)
			}
			if stdout != "" || !strings.Contains(stderr, p) || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q should name %s and mention %q (stdout %q)", stderr, p, c.want, stdout)
			}
		})
	}
	if code, _, _ := runCLI(t, "score", "-mission", "coastal-search"); code != 2 {
		t.Errorf("missing -path: exit %d, want 2", code)
	}
}
