package belief

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func mustTable(t testing.TB, name string) Table {
	t.Helper()
	tab, err := NamedTable(name)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestTableNames(t *testing.T) {
	want := []string{"fixedwing_sensor_model_0.csv", "fixedwing_sensor_model_1.csv", "fixedwing_sensor_model_2.csv", "multirotor_sensor_model_0.csv"}
	got := TableNames()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("TableNames() = %v, want %v", got, want)
	}
	for _, n := range got {
		tab := mustTable(t, n)
		short := mustTable(t, strings.TrimSuffix(n, ".csv"))
		if tab.Step != 10 || len(tab.TPR) != len(short.TPR) {
			t.Errorf("%s: step %v, %d rows (short name %d rows)", n, tab.Step, len(tab.TPR), len(short.TPR))
		}
	}
	if _, err := NamedTable("nope"); err == nil {
		t.Error("NamedTable(nope) succeeded")
	}
	if _, err := NamedTable("../tables/fixedwing_sensor_model_0.csv"); err == nil {
		t.Error("NamedTable with a path succeeded")
	}
}

func TestTableRates(t *testing.T) {
	m0 := mustTable(t, "fixedwing_sensor_model_0")
	m1 := mustTable(t, "fixedwing_sensor_model_1")
	quad := mustTable(t, "multirotor_sensor_model_0")
	cases := []struct {
		name string
		tab  Table
		r    float64
		want float64
	}{
		{"m0 at 0", m0, 0, 0.9},
		{"m0 at 200", m0, 200, 0.9},
		{"m0 at 210", m0, 210, 0.89},
		{"m0 204 rounds to 200", m0, 204, 0.9},
		{"m0 206 rounds to 210", m0, 206, 0.89},
		{"m0 at 600", m0, 600, 0.5},
		{"m0 beyond the end", m0, 5000, 0.5},
		{"m0 negative clamps to 0", m0, -30, 0.9},
		{"m0 NaN clamps to 0", m0, math.NaN(), 0.9},
		{"m1 at 450", m1, 450, 0.768110},
		{"m1 at 600", m1, 600, 0.5},
		{"m1 beyond the end", m1, 900, 0.5},
		{"quad at 50", quad, 50, 0.85},
		{"quad at 120", quad, 120, 0.55},
		{"quad beyond the end", quad, 400, 0.55},
	}
	for _, c := range cases {
		tpr, tnr := c.tab.Rates(c.r)
		if math.Abs(tpr-c.want) > 1e-6 || tpr != tnr {
			t.Errorf("%s: Rates(%v) = (%v, %v), want %v for both", c.name, c.r, tpr, tnr, c.want)
		}
	}
	var empty Table
	if tpr, tnr := empty.Rates(10); tpr != 0.5 || tnr != 0.5 {
		t.Errorf("empty table: (%v, %v), want (0.5, 0.5)", tpr, tnr)
	}
}

// Model 2 is the closed form tpr = 1 − (0.45·(r/700)^5 + 0.05) up to 700 m.
func TestTableModel2Formula(t *testing.T) {
	m2 := mustTable(t, "fixedwing_sensor_model_2")
	if len(m2.TPR) != 76 {
		t.Fatalf("%d rows, want 76", len(m2.TPR))
	}
	for k := range m2.TPR {
		r := float64(k) * 10
		want := 0.5
		if r <= 700 {
			want = 1 - (0.45*math.Pow(r/700, 5) + 0.05)
		}
		if tpr, _ := m2.Rates(r); math.Abs(tpr-want) > 1e-9 {
			t.Errorf("r = %v: tpr %v, want %v", r, tpr, want)
		}
	}
}

func TestParseTable(t *testing.T) {
	cases := []struct {
		name, in string
		err      string // substring; empty = valid
		step     float64
		rows     int
	}{
		{"header", "range, tpr, tnr\n0,0.9,0.9\n5,0.8,0.7\n", "", 5, 2},
		{"no header", "0,0.9,0.9\n5,0.8,0.7", "", 5, 2},
		{"spaces", " 0 , 0.9, 0.9\n 5, 0.8 ,0.7\n", "", 5, 2},
		{"empty", "", "at least 2 rows", 0, 0},
		{"one row", "range,tpr,tnr\n0,1,1\n", "at least 2 rows", 0, 0},
		{"first range", "10,0.9,0.9\n20,0.9,0.9\n", "first range must be 0", 0, 0},
		{"zero step", "0,0.9,0.9\n0,0.9,0.9\n", "step must be > 0", 0, 0},
		{"uneven", "0,0.9,0.9\n10,0.9,0.9\n25,0.9,0.9\n", "row 3: ranges must be evenly spaced", 0, 0},
		{"tpr above 1", "0,1.5,0.9\n10,0.9,0.9\n", "row 1: tpr must be in [0, 1]", 0, 0},
		{"tnr NaN", "0,0.9,0.9\n10,0.9,NaN\n", "row 2: tnr must be in [0, 1]", 0, 0},
		{"two columns", "0,0.9\n10,0.9\n", "wrong number of fields", 0, 0},
		{"not a number", "0,0.9,0.9\n10,x,0.9\n", "line 2 column 2", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := ParseTable(strings.NewReader(c.in))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tab.Step != c.step || len(tab.TPR) != c.rows || len(tab.TNR) != c.rows {
				t.Errorf("got step %v, %d/%d rows, want %v, %d", tab.Step, len(tab.TPR), len(tab.TNR), c.step, c.rows)
			}
		})
	}
}

// FuzzParseTable: no input panics, and whatever parses is a usable table.
func FuzzParseTable(f *testing.F) {
	f.Add("range, tpr, tnr\n0,0.9,0.9\n10,0.8,0.8\n")
	f.Add("0,1,0\n0.5,0,1\n1,0.5,0.5")
	f.Add("range,tpr,tnr\n0,0.9,0.9\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := ParseTable(strings.NewReader(in))
		if err != nil {
			return
		}
		if !(tab.Step > 0) || len(tab.TPR) < 2 || len(tab.TPR) != len(tab.TNR) {
			t.Fatalf("accepted a malformed table %+v", tab)
		}
		for _, r := range []float64{-1, 0, tab.Step * 0.5, tab.Step * 1e6, math.Inf(1), math.NaN()} {
			tpr, tnr := tab.Rates(r)
			if !(tpr >= 0 && tpr <= 1 && tnr >= 0 && tnr <= 1) {
				t.Fatalf("Rates(%v) = (%v, %v)", r, tpr, tnr)
			}
		}
	})
}

func TestSensorRates(t *testing.T) {
	s := Sensor{Camera: fixedWingCamera, Tables: []Table{mustTable(t, "fixedwing_sensor_model_0"), mustTable(t, "fixedwing_sensor_model_1")}}
	if tpr, _ := s.Rates(0, 210); tpr != 0.89 {
		t.Errorf("model 0 at 210: %v, want 0.89", tpr)
	}
	if tpr, _ := s.Rates(1, 600); tpr != 0.5 {
		t.Errorf("model 1 at 600: %v, want 0.5", tpr)
	}
	if tpr, tnr := s.Rates(7, 100); tpr != 0.5 || tnr != 0.5 {
		t.Errorf("undefined model: (%v, %v), want (0.5, 0.5)", tpr, tnr)
	}
}

func ExampleTable_Rates() {
	tab, err := NamedTable("fixedwing_sensor_model_0.csv")
	if err != nil {
		panic(err)
	}
	for _, r := range []float64{150, 204, 206, 2000} {
		tpr, _ := tab.Rates(r)
		fmt.Printf("%4.0f m: %.2f\n", r, tpr)
	}
	// Output:
	//  150 m: 0.90
	//  204 m: 0.90
	//  206 m: 0.89
	// 2000 m: 0.50
}
