package belief

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
)

var (
	fixedWingCamera = Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: 0.523598776, MaxRange: 700}
	quadCamera      = Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: 1.57079632679, MaxRange: 130}
)

func TestCameraFOV(t *testing.T) {
	want := 2 * math.Atan(10.0/30)
	if got := fixedWingCamera.HFOV(); math.Abs(got-want) > 1e-12 || math.Abs(got-0.6435) > 1e-4 {
		t.Errorf("HFOV = %v, want %v", got, want)
	}
	if got := fixedWingCamera.VFOV(); math.Abs(got-want) > 1e-12 {
		t.Errorf("VFOV = %v, want %v", got, want)
	}
}

// The reference footprints of model §3.4 (yaw 0, vehicle at the origin).
func TestFootprintReference(t *testing.T) {
	cases := []struct {
		name string
		cam  Camera
		z    float64
		want []r2.Vec
	}{
		{"fixed-wing z=50", fixedWingCamera, 50, []r2.Vec{{X: 44.34, Y: -21.13}, {X: 244.34, Y: -78.87}, {X: 244.34, Y: 78.87}, {X: 44.34, Y: 21.13}}},
		{"fixed-wing z=110", fixedWingCamera, 110, []r2.Vec{{X: 97.54, Y: -46.49}, {X: 537.54, Y: -173.51}, {X: 537.54, Y: 173.51}, {X: 97.54, Y: 46.49}}},
		{"quadrotor z=30", quadCamera, 30, []r2.Vec{{X: -10, Y: -10}, {X: 10, Y: -10}, {X: 10, Y: 10}, {X: -10, Y: 10}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.cam.Footprint(nil, r3.Vec{Z: c.z}, 0)
			if len(got) != len(c.want) {
				t.Fatalf("got %d vertices %v, want %v", len(got), got, c.want)
			}
			for k := range got {
				if r2.Norm(r2.Sub(got[k], c.want[k])) > 1e-2 {
					t.Errorf("vertex %d = %v, want %v", k, got[k], c.want[k])
				}
			}
		})
	}
}

// Moving and turning the vehicle moves and turns the footprint rigidly.
func TestFootprintRigid(t *testing.T) {
	base := fixedWingCamera.Footprint(nil, r3.Vec{Z: 50}, 0)
	pos, yaw := r3.Vec{X: 1000, Y: -300, Z: 50}, 2.1
	got := fixedWingCamera.Footprint(nil, pos, yaw)
	s, c := math.Sincos(yaw)
	for k, v := range base {
		want := r2.Vec{X: pos.X + c*v.X - s*v.Y, Y: pos.Y + s*v.X + c*v.Y}
		if r2.Norm(r2.Sub(got[k], want)) > 1e-9 {
			t.Errorf("vertex %d = %v, want %v", k, got[k], want)
		}
	}
}

func TestFootprintClipped(t *testing.T) {
	cases := []struct {
		name             string
		cam              Camera
		pos              r3.Vec
		roll, pitch, yaw float64
		minVerts         int
	}{
		{"far corners beyond range", fixedWingCamera, r3.Vec{X: 10, Y: 20, Z: 200}, 0, 0, 0.3, 5},
		{"far rays above the horizon", Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: 0.1, MaxRange: 700}, r3.Vec{Z: 100}, 0, 0, 0, 5},
		{"rolled", fixedWingCamera, r3.Vec{Z: 150}, 0.4, 0.05, -1, 5},
		{"wide nadir camera sees the whole circle", Camera{FocalLength: 1, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 2, MaxRange: 100}, r3.Vec{Z: 50}, 0, 0, 0, 60},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fp := c.cam.FootprintWithAttitude(nil, c.pos, c.roll, c.pitch, c.yaw)
			if len(fp) < c.minVerts {
				t.Fatalf("%d vertices %v, want at least %d", len(fp), fp, c.minVerts)
			}
			for k, v := range fp {
				if d := r3.Norm(r3.Sub(r3.Vec{X: v.X, Y: v.Y}, c.pos)); d > c.cam.MaxRange*(1+1e-12) {
					t.Errorf("vertex %d %v is %v from the camera, beyond MaxRange %v", k, v, d, c.cam.MaxRange)
				}
			}
			if a := signedArea(fp); a <= 0 {
				t.Errorf("signed area %v, want a counter-clockwise polygon", a)
			}
			for k := range fp {
				a, b, d := fp[k], fp[(k+1)%len(fp)], fp[(k+2)%len(fp)]
				if r2.Cross(r2.Sub(b, a), r2.Sub(d, b)) < -1e-9 {
					t.Errorf("not convex at vertex %d", (k+1)%len(fp))
				}
			}
		})
	}
}

func TestFootprintEmpty(t *testing.T) {
	cases := []struct {
		name string
		cam  Camera
		pos  r3.Vec
	}{
		{"on the ground", fixedWingCamera, r3.Vec{}},
		{"range does not reach the ground", fixedWingCamera, r3.Vec{Z: 800}},
		{"looking above the horizon", Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: -0.5, MaxRange: 700}, r3.Vec{Z: 50}},
		{"unclipped and a ray misses the ground", Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: 0.1}, r3.Vec{Z: 50}},
	}
	for _, c := range cases {
		if fp := c.cam.Footprint(nil, c.pos, 0); len(fp) != 0 {
			t.Errorf("%s: got %v, want empty", c.name, fp)
		}
	}
}

func TestFootprintUnclipped(t *testing.T) {
	cam := fixedWingCamera
	cam.MaxRange = 0
	got := cam.Footprint(nil, r3.Vec{Z: 200}, 0)
	cam.MaxRange = 1e9
	want := cam.Footprint(nil, r3.Vec{Z: 200}, 0)
	if len(got) != 4 || len(want) != 4 {
		t.Fatalf("got %v and %v, want 4 vertices each", got, want)
	}
	for k := range got {
		if r2.Norm(r2.Sub(got[k], want[k])) > 1e-6 {
			t.Errorf("vertex %d = %v, want %v", k, got[k], want[k])
		}
	}
}

func ExampleCamera_Footprint() {
	cam := Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 6, MaxRange: 700}
	for _, v := range cam.Footprint(nil, r3.Vec{Z: 50}, 0) {
		fmt.Printf("(%.2f, %.2f)\n", v.X, v.Y)
	}
	// Output:
	// (44.34, -21.13)
	// (244.34, -78.87)
	// (244.34, 78.87)
	// (44.34, 21.13)
}

func BenchmarkFootprint(b *testing.B) {
	b.ReportAllocs()
	dst := make([]r2.Vec, 0, 128)
	for _, bc := range []struct {
		name string
		z    float64
	}{{"4-point", 50}, {"clipped", 200}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				dst = fixedWingCamera.Footprint(dst, r3.Vec{X: 1000, Y: 1000, Z: bc.z}, float64(i%7))
			}
		})
	}
}

func r3Vec(x, y, z float64) r3.Vec { return r3.Vec{X: x, Y: y, Z: z} }
