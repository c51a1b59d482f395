package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The report as a reader sees it: headless Chromium (Debian package
// chromium, which .ci/run installs) opens the page from a file URL with
// networking off, and the test checks the screenshot and the page's text.

// browserWidth is the window width; the height is enough for the whole
// page, and the screenshot is cut to the page's end.
const browserWidth, browserHeight = 900, 12000

// browser runs Chromium headless on url with args, networking off and a
// new empty profile, and returns its stdout and its log (stderr).
func browser(t *testing.T, url string, args ...string) (stdout, log string) {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (Debian package chromium; .ci/run installs it): the page is not checked in a browser")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(),
		// nothing leaves the machine: every host resolves to nothing and
		// every request goes to a closed local port
		"--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
		"--enable-logging=stderr", "--v=0", "--hide-scrollbars",
		fmt.Sprintf("--window-size=%d,%d", browserWidth, browserHeight),
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), url)...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String(), errb.String()
}

// consoleErrors are the page's console messages in Chromium's log: the
// page has no script, so any is an error (a blocked fetch, a CSP
// violation).
func consoleErrors(log string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, ":CONSOLE") || strings.Contains(l, "Uncaught") {
			out = append(out, l)
		}
	}
	return out
}

// screenshot loads the page, takes a screenshot of the whole page and
// returns it cut at the page's end (the rows below it are background).
func screenshot(t *testing.T, page, dir string) (image.Image, string) {
	t.Helper()
	raw := filepath.Join(dir, "window.png")
	_, log := browser(t, "file://"+page, "--screenshot="+raw)
	if errs := consoleErrors(log); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	f, err := os.Open(raw)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, log)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Max.Y-1)
	end := b.Max.Y
	for end > b.Min.Y && rowIs(img, end-1, bg) {
		end--
	}
	if end == b.Max.Y {
		t.Fatalf("the page is taller than the %d-pixel window: raise browserHeight", browserHeight)
	}
	crop := image.NewRGBA(image.Rect(0, 0, b.Dx(), end-b.Min.Y+24))
	for y := crop.Rect.Min.Y; y < crop.Rect.Max.Y; y++ {
		for x := crop.Rect.Min.X; x < crop.Rect.Max.X; x++ {
			crop.Set(x, y, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	shot := filepath.Join(dir, "report.png")
	writePNG(t, shot, crop)
	return crop, shot
}

func rowIs(img image.Image, y int, c color.Color) bool {
	r0, g0, b0, _ := c.RGBA()
	for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
		r, g, b, _ := img.At(x, y).RGBA()
		if r != r0 || g != g0 || b != b0 {
			return false
		}
	}
	return true
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// inkShare is the share of pixels that differ from the top-left one (the
// background).
func inkShare(img image.Image) float64 {
	b := img.Bounds()
	r0, g0, b0, _ := img.At(b.Min.X, b.Min.Y).RGBA()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bb != b0 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}

// headline counts testdata/responses.csv by hand (its score column read as
// plain integers): n and NPS = 100 × (promoters − detractors) / n,
// rounded to one decimal as the page shows it.
func headline(t *testing.T, path string) (n int, npsText string) {
	t.Helper()
	return countNPS(t, path, "", "")
}

// countNPS is headline over the rows whose column col holds val (all rows
// for col "").
func countNPS(t *testing.T, path, col, val string) (n int, npsText string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sc, seg := -1, -1
	for i, h := range rows[0] {
		switch h {
		case "score":
			sc = i
		case col:
			seg = i
		}
	}
	var pro, det int
	for _, r := range rows[1:] {
		if col != "" && r[seg] != val {
			continue
		}
		s, err := strconv.Atoi(strings.TrimSpace(r[sc]))
		if err != nil {
			continue // blank
		}
		n++
		switch {
		case s >= 9:
			pro++
		case s <= 6:
			det++
		}
	}
	return n, strconv.FormatFloat(100*float64(pro-det)/float64(n), 'f', 1, 64)
}

func TestReportInBrowser(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium is not installed (Debian package chromium; .ci/run installs it): the page is not checked in a browser")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	data := filepath.Join("..", "..", "testdata", "responses.csv")
	if code, _, stderr, _ := runNPS(t, "report", data, "--as-of", "2025-10-01", "-o", page); code != 0 {
		t.Fatalf("nps report: status %d: %s", code, stderr)
	}

	img, shot := screenshot(t, page, dir)
	t.Logf("screenshot: %s", shot)
	if ink := inkShare(img); ink < 0.02 {
		t.Errorf("the screenshot is blank (%.2f%% of pixels drawn): see %s", 100*ink, shot)
	}
	if h := img.Bounds().Dy(); h < 1500 {
		t.Errorf("the page is %d pixels tall; a report with every section is longer: see %s", h, shot)
	}

	dom, log := browser(t, "file://"+page, "--dump-dom")
	if errs := consoleErrors(log); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(dom, " ")
	n, score := headline(t, data)
	for _, want := range []string{"NPS report", "Net Promoter Score", score, strconv.Itoa(n), "Score distribution", "Trend", "Segments", "Themes", "Follow-up", "Data notes"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page's text lacks %q: see %s", want, shot)
		}
	}
	// the segments chart's rows, counted by hand from the file: each plan's
	// NPS is in the chart's text (its dots' titles)
	for _, plan := range []string{"Free", "Pro", "Enterprise"} {
		_, v := countNPS(t, data, "plan", plan)
		if want := "plan = " + plan + ": NPS " + v + " ("; !strings.Contains(dom, want) {
			t.Errorf("the segments chart lacks %q", want)
		}
	}
	if got := strings.Count(dom, "<svg"); got != 3 {
		t.Errorf("the page has %d charts, want 3 (distribution, trend, segments)", got)
	}

	if *update { // the README's screenshot, in its 256 most used colours
		readme := filepath.Join("..", "..", "docs", "report.png")
		writePNG(t, readme, quantize(img))
		if fi, err := os.Stat(readme); err != nil || fi.Size() > 300<<10 {
			t.Errorf("%s: %v bytes, want at most 300 KB (%v)", readme, fi.Size(), err)
		}
	}
}

// quantize maps img onto a palette of its 256 most used colours (each
// pixel to the nearest of them): a page of text and flat charts loses
// nothing a reader sees, and its PNG shrinks a few times.
func quantize(img image.Image) *image.Paletted {
	freq := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			freq[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	cs := make([]color.RGBA, 0, len(freq))
	for c := range freq {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, c color.RGBA) int {
		if d := freq[c] - freq[a]; d != 0 {
			return d
		}
		return cmp.Compare(uint32(a.R)<<16|uint32(a.G)<<8|uint32(a.B), uint32(c.R)<<16|uint32(c.G)<<8|uint32(c.B))
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range cs[:min(256, len(cs))] {
		pal = append(pal, c)
	}
	out := image.NewPaletted(b, pal)
	draw.Draw(out, b, img, b.Min, draw.Src)
	return out
}
