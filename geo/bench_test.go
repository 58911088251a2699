package geo

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
)

var (
	benchOrigin = Origin{Lat: 40.5125, Lon: -80.245, Alt: 335}
	sinkVec     r3.Vec
	sinkVec2    r2.Vec
	sinkF       float64
)

func BenchmarkToENU(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkVec = benchOrigin.ToENU(40.52, -80.23, 400)
	}
}

func BenchmarkFromENU(b *testing.B) {
	b.ReportAllocs()
	v := r3.Vec{X: 1200, Y: -800, Z: 60}
	for b.Loop() {
		sinkF, _, _ = benchOrigin.FromENU(v)
	}
}

func BenchmarkProject(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkVec2 = benchOrigin.Project(40.52, -80.23)
	}
}

func BenchmarkUnproject(b *testing.B) {
	b.ReportAllocs()
	v := r2.Vec{X: 1200, Y: -800}
	for b.Loop() {
		sinkF, _ = benchOrigin.Unproject(v)
	}
}

func BenchmarkReadKML(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(testKML)))
	for b.Loop() {
		if _, err := ReadKML(strings.NewReader(testKML)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPlan is a plan of a typical size: 200 waypoints, a 40-vertex fence and two keep-outs.
func benchPlan() *Plan {
	p := testPlan(MAVTypeHexarotor)
	p.Waypoints = p.Waypoints[:0]
	for i := range 200 {
		lat, lon := benchOrigin.Unproject(r2.Vec{X: float64(i * 10), Y: float64(i%7) * 30})
		p.Waypoints = append(p.Waypoints, Waypoint{Lat: lat, Lon: lon, Alt: 30, Yaw: float64(i)})
	}
	p.Polygons[0].Coords = FenceCircle{Center: LatLon{Lat: benchOrigin.Lat, Lon: benchOrigin.Lon}, Radius: 3000}.ring()[:40]
	return p
}

func BenchmarkWrite(b *testing.B) {
	p := benchPlan()
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
	}{{"qgc", p.WriteQGC}, {"wpl", p.WriteWPL}, {"kml", p.WriteKML}, {"geojson", p.WriteGeoJSON}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := c.write(&buf); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
