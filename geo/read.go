package geo

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Load reads the shapes of a KML (.kml), zipped KML (.kmz) or GeoJSON (.geojson, .json) file
// from fsys. Errors name the file.
func Load(fsys fs.FS, name string) ([]Shape, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var shapes []Shape
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".kml":
		shapes, err = ReadKML(bytes.NewReader(data))
	case ".kmz":
		shapes, err = readKMZ(data)
	case ".geojson", ".json":
		shapes, err = ReadGeoJSON(data)
	default:
		return nil, fmt.Errorf("%s: unknown shape file type %q (want .kml, .kmz, .geojson or .json)", name, ext)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return shapes, nil
}

// readKMZ reads the KML document of a KMZ archive: by convention the first .kml file in it,
// usually doc.kml.
func readKMZ(data []byte) ([]Shape, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("kmz: %w", err)
	}
	for _, f := range zr.File {
		if !strings.EqualFold(path.Ext(f.Name), ".kml") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("kmz: %w", err)
		}
		defer r.Close()
		return ReadKML(r)
	}
	return nil, errors.New("kmz: archive holds no .kml document")
}

// KML elements, as far as missions need them. Element names match in any namespace, so
// documents with and without the KML 2.2 default namespace both read.
type (
	kmlPlacemark struct {
		Name         string `xml:"name"`
		ExtendedData struct {
			Data []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value"`
			} `xml:"Data"`
			SchemaData []struct {
				SimpleData []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:",chardata"`
				} `xml:"SimpleData"`
			} `xml:"SchemaData"`
		} `xml:"ExtendedData"`
		kmlGeometry
	}
	kmlGeometry struct {
		Points   []kmlCoordinates `xml:"Point"`
		Lines    []kmlCoordinates `xml:"LineString"`
		Rings    []kmlCoordinates `xml:"LinearRing"`
		Polygons []struct {
			Outer kmlCoordinates   `xml:"outerBoundaryIs>LinearRing"`
			Inner []kmlCoordinates `xml:"innerBoundaryIs>LinearRing"`
		} `xml:"Polygon"`
		Multi []kmlGeometry `xml:"MultiGeometry"`
	}
	kmlCoordinates struct {
		Text string `xml:"coordinates"`
	}
)

// ReadKML reads the Point, LineString, LinearRing and Polygon placemarks of a KML document, at
// any depth of Document and Folder nesting, in document order. Placemarks without geometry (or
// with only geometry missions do not use, such as gx:Track) are skipped.
func ReadKML(r io.Reader) ([]Shape, error) {
	dec := xml.NewDecoder(r)
	var shapes []Shape
	sawKML := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("kml: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "kml":
			sawKML = true
		case "Placemark":
			var pm kmlPlacemark
			if err := dec.DecodeElement(&pm, &se); err != nil {
				return nil, fmt.Errorf("kml: %w", err)
			}
			line, _ := dec.InputPos()
			props := map[string]string{}
			for _, d := range pm.ExtendedData.Data {
				props[d.Name] = strings.TrimSpace(d.Value)
			}
			for _, sd := range pm.ExtendedData.SchemaData {
				for _, d := range sd.SimpleData {
					props[d.Name] = strings.TrimSpace(d.Value)
				}
			}
			name := strings.TrimSpace(pm.Name)
			before := len(shapes)
			shapes, err = pm.kmlGeometry.appendShapes(shapes)
			if err != nil {
				return nil, fmt.Errorf("kml: placemark %q ending on line %d: %w", name, line, err)
			}
			for i := before; i < len(shapes); i++ {
				shapes[i].Name, shapes[i].Props = name, props
			}
		}
	}
	if !sawKML {
		return nil, errors.New("kml: no <kml> element: not a KML document")
	}
	return shapes, nil
}

func (g *kmlGeometry) appendShapes(shapes []Shape) ([]Shape, error) {
	for _, p := range g.Points {
		c, err := parseKMLCoordinates(p.Text)
		if err != nil {
			return nil, fmt.Errorf("<Point>: %w", err)
		}
		if len(c) != 1 {
			return nil, fmt.Errorf("<Point>: want 1 coordinate, got %d", len(c))
		}
		shapes = append(shapes, Shape{Kind: KindPoint, Coords: c})
	}
	for _, l := range g.Lines {
		c, err := parseKMLCoordinates(l.Text)
		if err != nil {
			return nil, fmt.Errorf("<LineString>: %w", err)
		}
		shapes = append(shapes, Shape{Kind: KindLine, Coords: c})
	}
	for _, r := range g.Rings {
		c, err := parseKMLCoordinates(r.Text)
		if err != nil {
			return nil, fmt.Errorf("<LinearRing>: %w", err)
		}
		shapes = append(shapes, Shape{Kind: KindPolygon, Coords: openRing(c)})
	}
	for _, p := range g.Polygons {
		outer, err := parseKMLCoordinates(p.Outer.Text)
		if err != nil {
			return nil, fmt.Errorf("<Polygon> outer boundary: %w", err)
		}
		s := Shape{Kind: KindPolygon, Coords: openRing(outer)}
		for i, in := range p.Inner {
			c, err := parseKMLCoordinates(in.Text)
			if err != nil {
				return nil, fmt.Errorf("<Polygon> inner boundary %d: %w", i, err)
			}
			s.Holes = append(s.Holes, openRing(c))
		}
		shapes = append(shapes, s)
	}
	for i := range g.Multi {
		var err error
		if shapes, err = g.Multi[i].appendShapes(shapes); err != nil {
			return nil, err
		}
	}
	return shapes, nil
}

// parseKMLCoordinates reads a <coordinates> text: tuples lon,lat[,alt] separated by white space.
func parseKMLCoordinates(text string) ([]LatLon, error) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil, errors.New("no coordinates")
	}
	out := make([]LatLon, 0, len(fields))
	for i, f := range fields {
		parts := strings.Split(f, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("coordinate %d %q: want lon,lat or lon,lat,alt", i, f)
		}
		var v [3]float64
		for j, p := range parts {
			x, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return nil, fmt.Errorf("coordinate %d %q: %w", i, f, err)
			}
			v[j] = x
		}
		c := LatLon{Lon: v[0], Lat: v[1], Alt: v[2]}
		if err := checkLatLon(c); err != nil {
			return nil, fmt.Errorf("coordinate %d %q: %w", i, f, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func checkLatLon(c LatLon) error {
	if !(c.Lat >= -90 && c.Lat <= 90) || !(c.Lon >= -180 && c.Lon <= 180) {
		return fmt.Errorf("latitude %v or longitude %v out of range", c.Lat, c.Lon)
	}
	return nil
}

// ReadGeoJSON reads the Point, LineString and Polygon geometries (and their Multi* and
// GeometryCollection forms) of a GeoJSON FeatureCollection, Feature or bare geometry. A
// feature's "name" property names its shapes.
func ReadGeoJSON(data []byte) ([]Shape, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("geojson: %w", err)
	}
	var features []*geojson.Feature
	switch head.Type {
	case "FeatureCollection":
		fc, err := geojson.UnmarshalFeatureCollection(data)
		if err != nil {
			return nil, fmt.Errorf("geojson: %w", err)
		}
		features = fc.Features
	case "Feature":
		f, err := geojson.UnmarshalFeature(data)
		if err != nil {
			return nil, fmt.Errorf("geojson: %w", err)
		}
		features = []*geojson.Feature{f}
	case "":
		return nil, errors.New(`geojson: no "type" member: not a GeoJSON document`)
	default:
		g, err := geojson.UnmarshalGeometry(data)
		if err != nil {
			return nil, fmt.Errorf("geojson: %w", err)
		}
		features = []*geojson.Feature{geojson.NewFeature(g.Geometry())}
	}
	var shapes []Shape
	for i, f := range features {
		props := make(map[string]string, len(f.Properties))
		for k, v := range f.Properties {
			switch v := v.(type) {
			case string:
				props[k] = v
			case nil:
				props[k] = ""
			default:
				b, err := json.Marshal(v)
				if err != nil {
					return nil, fmt.Errorf("geojson: feature %d property %q: %w", i, k, err)
				}
				props[k] = string(b)
			}
		}
		before := len(shapes)
		var err error
		if shapes, err = appendOrb(shapes, f.Geometry); err != nil {
			return nil, fmt.Errorf("geojson: feature %d %q: %w", i, props["name"], err)
		}
		for j := before; j < len(shapes); j++ {
			shapes[j].Name, shapes[j].Props = props["name"], props
		}
	}
	return shapes, nil
}

func appendOrb(shapes []Shape, g orb.Geometry) ([]Shape, error) {
	switch g := g.(type) {
	case nil:
		return shapes, nil
	case orb.Point:
		c, err := fromOrb([]orb.Point{g})
		if err != nil {
			return nil, err
		}
		return append(shapes, Shape{Kind: KindPoint, Coords: c}), nil
	case orb.MultiPoint:
		for _, p := range g {
			var err error
			if shapes, err = appendOrb(shapes, p); err != nil {
				return nil, err
			}
		}
	case orb.LineString:
		c, err := fromOrb(g)
		if err != nil {
			return nil, err
		}
		return append(shapes, Shape{Kind: KindLine, Coords: c}), nil
	case orb.MultiLineString:
		for _, l := range g {
			var err error
			if shapes, err = appendOrb(shapes, l); err != nil {
				return nil, err
			}
		}
	case orb.Polygon:
		if len(g) == 0 {
			return nil, errors.New("polygon without rings")
		}
		outer, err := fromOrb(g[0])
		if err != nil {
			return nil, err
		}
		s := Shape{Kind: KindPolygon, Coords: openRing(outer)}
		for _, r := range g[1:] {
			c, err := fromOrb(r)
			if err != nil {
				return nil, err
			}
			s.Holes = append(s.Holes, openRing(c))
		}
		return append(shapes, s), nil
	case orb.MultiPolygon:
		for _, p := range g {
			var err error
			if shapes, err = appendOrb(shapes, p); err != nil {
				return nil, err
			}
		}
	case orb.Collection:
		for _, c := range g {
			var err error
			if shapes, err = appendOrb(shapes, c); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("unsupported geometry %s", g.GeoJSONType())
	}
	return shapes, nil
}

func fromOrb(pts []orb.Point) ([]LatLon, error) {
	out := make([]LatLon, len(pts))
	for i, p := range pts {
		out[i] = LatLon{Lon: p[0], Lat: p[1]}
		if err := checkLatLon(out[i]); err != nil {
			return nil, fmt.Errorf("position %d: %w", i, err)
		}
	}
	return out, nil
}
