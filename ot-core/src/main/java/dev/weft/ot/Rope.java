package dev.weft.ot;

/** TEMPORARY String-backed stand-in; replaced by the balanced rope before commit. */
public final class Rope {
    private final String text;
    private final int length;
    private Rope(String text) { this.text = text; this.length = text.codePointCount(0, text.length()); }
    public static Rope empty() { return new Rope(""); }
    public static Rope of(String text) { return new Rope(text); }
    public int length() { return length; }
    public int utf16Length() { return text.length(); }
    public int utf16Index(int position) { return text.offsetByCodePoints(0, position); }
    public Rope insert(int position, String s) { int i = utf16Index(position); return new Rope(text.substring(0, i) + s + text.substring(i)); }
    public Rope delete(int position, int n) { int i = utf16Index(position); int j = text.offsetByCodePoints(i, n); return new Rope(text.substring(0, i) + text.substring(j)); }
    public Rope replace(int position, int n, String s) { return delete(position, n).insert(position, s); }
    public String slice(int from, int to) { int i = utf16Index(from); return text.substring(i, text.offsetByCodePoints(i, to - from)); }
    public boolean regionMatches(int position, String s) { return text.startsWith(s, utf16Index(position)); }
    @Override public String toString() { return text; }
    @Override public boolean equals(Object o) { return o instanceof Rope r && r.text.equals(text); }
    @Override public int hashCode() { return text.hashCode(); }
}
