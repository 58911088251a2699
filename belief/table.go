package belief

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

//go:embed tables/*.csv
var tableFS embed.FS

// Table is a detection table: the true-positive and true-negative rates of a
// sensor model by slant range, sampled every Step metres from range 0
// (model §3.4). TPR[k] and TNR[k] hold at range k·Step.
type Table struct {
	Step     float64
	TPR, TNR []float64
}

// Rates returns the rates at slant range r: the entry nearest to r
// (index round(r/Step), no interpolation, as the reference does), clamped to
// the first and the last entry. An empty table returns 0.5, 0.5, the rates of
// a sensor that tells nothing.
func (t *Table) Rates(r float64) (tpr, tnr float64) {
	n := len(t.TPR)
	if n == 0 {
		return 0.5, 0.5
	}
	f := math.Round(r / t.Step)
	k := n - 1
	switch {
	case !(f >= 0): // also NaN
		k = 0
	case f < float64(n-1):
		k = int(f)
	}
	return t.TPR[k], t.TNR[k]
}

// TableFromRows builds a table from rows of (range, tpr, tnr). The ranges
// must start at 0 and grow by the same positive step; the rates must lie in
// [0, 1].
func TableFromRows(rows [][3]float64) (Table, error) {
	if len(rows) < 2 {
		return Table{}, fmt.Errorf("a detection table needs at least 2 rows, got %d", len(rows))
	}
	step := rows[1][0] - rows[0][0]
	if rows[0][0] != 0 {
		return Table{}, fmt.Errorf("row 1: the first range must be 0, got %v", rows[0][0])
	}
	if !(step > 0) || math.IsInf(step, 0) {
		return Table{}, fmt.Errorf("row 2: the range step must be > 0, got %v", step)
	}
	t := Table{Step: step, TPR: make([]float64, len(rows)), TNR: make([]float64, len(rows))}
	for k, row := range rows {
		if want := float64(k) * step; math.Abs(row[0]-want) > 1e-6*math.Max(1, want) {
			return Table{}, fmt.Errorf("row %d: ranges must be evenly spaced by %v: want %v, got %v", k+1, step, want, row[0])
		}
		for c, name := range [2]string{"tpr", "tnr"} {
			if v := row[c+1]; !(v >= 0 && v <= 1) {
				return Table{}, fmt.Errorf("row %d: %s must be in [0, 1], got %v", k+1, name, v)
			}
		}
		t.TPR[k], t.TNR[k] = row[1], row[2]
	}
	return t, nil
}

// ParseTable reads a detection table in CSV: three columns range, tpr, tnr,
// one row per range, after an optional header line (the shipped files start
// with "range, tpr, tnr"). See TableFromRows for what a valid table is.
func ParseTable(r io.Reader) (Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	var rows [][3]float64
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Table{}, fmt.Errorf("detection table: %w", err)
		}
		var row [3]float64
		for c, field := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
			if err != nil {
				if line == 1 && c == 0 {
					break // a header line
				}
				return Table{}, fmt.Errorf("detection table line %d column %d: %w", line, c+1, err)
			}
			row[c] = v
			if c == 2 {
				rows = append(rows, row)
			}
		}
	}
	t, err := TableFromRows(rows)
	if err != nil {
		return Table{}, fmt.Errorf("detection table: %w", err)
	}
	return t, nil
}

// NamedTable returns one of the detection tables shipped with tigris (see
// TableNames); the ".csv" suffix may be left out.
func NamedTable(name string) (Table, error) {
	if !strings.HasSuffix(name, ".csv") {
		name += ".csv"
	}
	if strings.Contains(name, "/") {
		return Table{}, fmt.Errorf("no embedded detection table %q", name)
	}
	f, err := tableFS.Open("tables/" + name)
	if err != nil {
		return Table{}, fmt.Errorf("no embedded detection table %q (have %s)", name, strings.Join(TableNames(), ", "))
	}
	defer f.Close()
	t, err := ParseTable(f)
	if err != nil {
		return Table{}, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// TableNames lists the embedded detection tables, sorted: the fixed-wing
// models 0–2 and the multirotor model 0 of the reference.
func TableNames() []string {
	entries, _ := tableFS.ReadDir("tables")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}
