package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/geom"
)

// resolveGeo turns every geodetic point of the mission into the local frame
// of its origin and loads the shapes that polygon, line and point keys name
// by file reference ({file: area.kml, name: "Search area"}), relative to the
// mission file. It runs after decoding and before validation, so the
// sections' own checks see plain local coordinates. Errors name the key path.
func (m *Mission) resolveGeo() error {
	if m.Origin != nil {
		if err := m.Origin.Validate(); err != nil {
			return err
		}
	}
	r := geoResolver{m: m, shapes: map[string][]geo.Shape{}}
	if m.Origin != nil {
		r.proj = *m.Origin
	}
	if err := r.priors(); err != nil {
		return err
	}
	if err := r.area("map.bounds", &m.Map.Bounds, geo.KindPolygon); err != nil {
		return err
	}
	for i := range m.Priors {
		p := &m.Priors[i]
		key := m.priorKey(i)
		if err := r.area(key+".polygon", &p.Polygon, geo.KindPolygon); err != nil {
			return err
		}
		if err := r.area(key+".line", &p.Line, geo.KindLine); err != nil {
			return err
		}
		if p.Point != nil {
			if err := r.point(key+".point", p.Point); err != nil {
				return err
			}
		}
		if p.Gaussian != nil {
			if err := r.point(key+".gaussian.center", &p.Gaussian.Center); err != nil {
				return err
			}
		}
	}
	for i := range m.KeepOut {
		z := &m.KeepOut[i]
		key := fmt.Sprintf("keep_out[%d]", i)
		if z.Circle != nil {
			if err := r.point(key+".circle.center", &z.Circle.Center); err != nil {
				return err
			}
		}
		if err := r.area(key+".polygon", &z.Polygon, geo.KindPolygon); err != nil {
			return err
		}
	}
	return r.start()
}

// geoResolver carries what resolving needs: the projection (nil without an
// origin) and the shape files read so far, so that several keys naming one
// file read it once.
type geoResolver struct {
	m      *Mission
	proj   geom.Projector
	shapes map[string][]geo.Shape
}

// errNoOrigin is wrapped by every error about geodetic input in a mission
// without an origin.
var errNoOrigin = errors.New("the mission has no origin: add origin: {lat, lon, alt}")

func (r *geoResolver) area(key string, a *geom.Area, kind geo.Kind) error {
	if ref, ok := a.FileRef(); ok {
		pts, err := r.load(ref, kind)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		*a = pts
		return nil
	}
	for i := range *a {
		if err := r.point(fmt.Sprintf("%s[%d]", key, i), &(*a)[i]); err != nil {
			return err
		}
	}
	return nil
}

func (r *geoResolver) point(key string, p *geom.Point) error {
	if ref, ok := p.FileRef(); ok {
		pts, err := r.load(ref, geo.KindPoint)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		*p = pts[0]
		return nil
	}
	if lat, lon, ok := p.Geodetic(); ok && r.proj == nil {
		return fmt.Errorf("%s: {lat: %v, lon: %v}: %w (for example origin: {lat: %.6f, lon: %.6f, alt: 0})", key, lat, lon, errNoOrigin, lat, lon)
	}
	if err := p.Resolve(r.proj); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// load reads the shape a reference names and returns its vertices in the
// local frame.
func (r *geoResolver) load(ref geom.FileRef, kind geo.Kind) (geom.Area, error) {
	shapes, err := r.shapesOf(ref.File)
	if err != nil {
		return nil, err
	}
	s, err := geo.Select(shapes, ref.Name, ref.Where, kind)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ref.File, err)
	}
	return r.project(ref, s)
}

// shapesOf reads a shape file named relative to the mission file, once.
func (r *geoResolver) shapesOf(file string) ([]geo.Shape, error) {
	if r.m.files == nil {
		return nil, fmt.Errorf("%s: shape files can only be read next to a mission file", file)
	}
	name := path.Clean(filepath.ToSlash(file))
	if !fs.ValidPath(name) {
		return nil, fmt.Errorf("%s: must be a path relative to the mission file, inside its directory", file)
	}
	shapes, ok := r.shapes[name]
	if !ok {
		var err error
		if shapes, err = geo.Load(r.m.files, name); err != nil {
			return nil, err
		}
		r.shapes[name] = shapes
	}
	return shapes, nil
}

// project places a shape's vertices in the local frame.
func (r *geoResolver) project(ref geom.FileRef, s geo.Shape) (geom.Area, error) {
	if r.proj == nil {
		c := s.Coords[0]
		return nil, fmt.Errorf("%s is in WGS84 lat/lon: %w (for example origin: {lat: %.6f, lon: %.6f, alt: 0})", ref, errNoOrigin, c.Lat, c.Lon)
	}
	pts := make(geom.Area, len(s.Coords))
	for i, c := range s.Coords {
		v := r.proj.Project(c.Lat, c.Lon)
		pts[i] = geom.Point{X: v.X, Y: v.Y}
	}
	return pts, nil
}

// priors expands every prior written {file, name, where} into one prior
// per matching shape of the file, in file order, each with the entry's
// values. A shape's own "probability" and "priority" properties (GeoJSON
// properties, KML ExtendedData) fill the values the entry leaves unset, so
// a GIS layer can carry them. m.priorKeys remembers which entry each
// expanded prior came from, for error messages.
func (r *geoResolver) priors() error {
	var out []belief.Prior
	var keys []string
	for i, p := range r.m.Priors {
		key := fmt.Sprintf("priors[%d]", i)
		if p.File == "" {
			if p.Name != "" || p.Where != nil {
				return fmt.Errorf("%s: name and where select shapes in a file: add file", key)
			}
			out, keys = append(out, p), append(keys, key)
			continue
		}
		if p.Polygon != nil || p.Line != nil || p.Point != nil || p.Gaussian != nil {
			return fmt.Errorf("%s.file: a prior has one shape: give file or polygon, line, point, gaussian", key)
		}
		ref := geom.FileRef{File: p.File, Name: p.Name, Where: p.Where}
		shapes, err := r.shapesOf(p.File)
		if err != nil {
			return fmt.Errorf("%s.file: %w", key, err)
		}
		matched, err := geo.SelectAll(shapes, p.Name, p.Where)
		if err != nil {
			return fmt.Errorf("%s.file: %s: %w", key, p.File, err)
		}
		for j, s := range matched {
			shapeKey := fmt.Sprintf("%s (%s shape %d of %d, %s)", key, p.File, j+1, len(matched), s.Kind)
			pts, err := r.project(ref, s)
			if err != nil {
				return fmt.Errorf("%s.file: %w", key, err)
			}
			q := p
			q.File, q.Name, q.Where = "", "", nil
			switch s.Kind {
			case geo.KindPolygon:
				q.Polygon = pts
			case geo.KindLine:
				q.Line = pts
			default:
				q.Point = &pts[0]
			}
			for _, prop := range []struct {
				name string
				dst  **float64
			}{{"probability", &q.Probability}, {"priority", &q.Priority}} {
				text, ok := s.Props[prop.name]
				if !ok || *prop.dst != nil {
					continue
				}
				v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
				if err != nil {
					return fmt.Errorf("%s: property %s = %q is not a number", shapeKey, prop.name, text)
				}
				*prop.dst = &v
			}
			out, keys = append(out, q), append(keys, shapeKey)
		}
	}
	r.m.Priors, r.m.priorKeys = out, keys
	return nil
}

// start converts a start pose given as lat, lon and alt: alt is on the
// origin's datum, so z is its height above the origin (the ground), and the
// heading keeps its meaning (degrees counter-clockwise from east).
func (r *geoResolver) start() error {
	s := &r.m.Vehicle.Start
	if s.Geo != nil {
		switch {
		case len(s.Geo) != 2:
			return fmt.Errorf("vehicle.start.geo: is written [lat, lon], got %d numbers", len(s.Geo))
		case s.Lat != nil || s.Lon != nil:
			return errors.New("vehicle.start: give either geo: [lat, lon] or lat, lon, not both")
		}
		if err := geom.CheckLatLon(s.Geo[0], s.Geo[1]); err != nil {
			return fmt.Errorf("vehicle.start.geo: %w", err)
		}
		s.Lat, s.Lon, s.Geo = &s.Geo[0], &s.Geo[1], nil
	}
	if s.Lat == nil && s.Lon == nil && s.Alt == nil {
		return nil
	}
	switch {
	case s.Lat == nil || s.Lon == nil:
		return errors.New("vehicle.start: a geodetic start needs both lat and lon")
	case s.X != 0 || s.Y != 0 || s.Z != nil:
		return errors.New("vehicle.start: give either x, y, z or lat, lon, alt, not both")
	case r.proj == nil:
		return fmt.Errorf("vehicle.start: %w (for example origin: {lat: %.6f, lon: %.6f, alt: 0})", errNoOrigin, *s.Lat, *s.Lon)
	}
	if err := geom.CheckLatLon(*s.Lat, *s.Lon); err != nil {
		return fmt.Errorf("vehicle.start: %w", err)
	}
	p := geom.LatLon(*s.Lat, *s.Lon)
	if err := p.Resolve(r.proj); err != nil {
		return fmt.Errorf("vehicle.start: %w", err)
	}
	s.X, s.Y = p.X, p.Y
	if s.Alt != nil {
		z := *s.Alt - r.m.Origin.Alt
		s.Z = &z
	}
	s.Lat, s.Lon, s.Alt = nil, nil, nil
	return nil
}
