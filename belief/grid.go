package belief

import (
	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geom"
)

// Grid is the belief over the ground plane (model §3.2): per cell the
// probability that an undetected target is there, a reward priority and the
// index of the sensor model that applies.
//
// Row index i runs along x, column index j along y; cell (i, j) is stored at
// Index(i, j) = i*Cols + j and its lower-left corner is
// (XStart + i*Res, YStart + j*Res).
type Grid struct {
	XStart, YStart float64 // lower-left corner of cell (0, 0); integers, truncated from the bounds
	Res            float64 // cell edge in metres; an integer
	Rows, Cols     int     // cells along x and along y
	Prob           []float64
	Priority       []float64
	Model          []uint8
	Bounds         geom.Polygon // the search area the grid was built from
}

// Index is the storage index of cell (i, j).
func (g *Grid) Index(i, j int) int { return i*g.Cols + j }

// Corner is the lower-left corner of cell (i, j), the point the reference
// model uses for ranges and containment.
func (g *Grid) Corner(i, j int) r2.Vec {
	return r2.Vec{X: g.XStart + float64(i)*g.Res, Y: g.YStart + float64(j)*g.Res}
}

// Center is the centre of cell (i, j), where the informed sampler aims.
func (g *Grid) Center(i, j int) r2.Vec {
	return r2.Vec{X: g.XStart + (float64(i)+0.5)*g.Res, Y: g.YStart + (float64(j)+0.5)*g.Res}
}

// CellOf returns the cell holding p; ok is false outside the grid.
func (g *Grid) CellOf(p r2.Vec) (i, j int, ok bool) {
	fx, fy := (p.X-g.XStart)/g.Res, (p.Y-g.YStart)/g.Res
	if fx < 0 || fy < 0 {
		return 0, 0, false
	}
	i, j = int(fx), int(fy)
	return i, j, i < g.Rows && j < g.Cols
}

// Len is the number of cells.
func (g *Grid) Len() int { return g.Rows * g.Cols }

// Clone returns a deep copy of g (the bounds polygon is shared, it is never
// modified).
func (g *Grid) Clone() *Grid {
	c := *g
	c.Prob = append([]float64(nil), g.Prob...)
	c.Priority = append([]float64(nil), g.Priority...)
	c.Model = append([]uint8(nil), g.Model...)
	return &c
}
