import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs sqllogictest files (sqlite's format, <https://github.com/gregrahn/sqllogictest>) on Tessera and on a
 * PostgreSQL 15 over pgjdbc, and reports every record PostgreSQL passes and Tessera does not.
 *
 * <p>Usage: {@code java -cp postgresql.jar SltDiff TESSERA_URL POSTGRES_URL [--every N] FILE...}; URLs are JDBC
 * URLs with user (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=tessera}). {@code --every N} runs
 * every statement but only every N-th query (a sample of a large file). Each file starts from an empty database:
 * the tables and views it creates are dropped on both engines when it ends (sqllogictest files reuse names such as
 * {@code t1} and {@code tab0}: two runs at once need a database each, on both engines).
 *
 * <p>A record passes on an engine when a {@code statement ok} succeeds, a {@code statement error} fails, or a
 * {@code query} returns the expected values: rendered as sqllogictest renders them (type {@code I} as an
 * integer, {@code R} with three decimals, {@code T} as text, NULL as {@code NULL}, the empty string as
 * {@code (empty)}), sorted by the record's {@code rowsort}/{@code valuesort}, and compared as an MD5 of the values
 * (each followed by a newline) where the file lists a hash. Records under {@code skipif postgresql} or
 * {@code onlyif <other engine>} are skipped. Prints one line per file: records run, passed on PostgreSQL, passed
 * on Tessera, and the records PostgreSQL passes that Tessera fails, each with its SQL and both outcomes.
 */
public final class SltDiff {
  private static final int TIMEOUT_SECONDS = 60;

  private record Rec(int line, String kind, String sql, String types, String sort, List<String> expected) {}

  private record Outcome(String error, List<String> values) {
    String show() {
      if (error != null) return "ERROR " + error;
      return values.size() > 24 ? values.subList(0, 24) + " ... (" + values.size() + " values)" : values.toString();
    }
  }

  public static void main(String[] args) throws Exception {
    String tesseraUrl = args[0];
    String postgresUrl = args[1];
    int every = 1;
    List<String> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--every")) every = Integer.parseInt(args[++i]);
      else files.add(args[i]);
    }
    PrintStream out = System.out;
    for (String file : files) {
      List<Rec> recs = parse(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
      try (Connection t = DriverManager.getConnection(tesseraUrl);
          Connection p = DriverManager.getConnection(postgresUrl)) {
        int run = 0;
        int pgPass = 0;
        int tPass = 0;
        int queryNo = 0;
        List<String> diffs = new ArrayList<>();
        long start = System.nanoTime();
        for (Rec r : recs) {
          if (r.kind.equals("query") && (queryNo++ % every) != 0) continue;
          run++;
          Outcome po = execute(p, r);
          Outcome to = execute(t, r);
          boolean pOk = passes(r, po);
          boolean tOk = passes(r, to);
          if (pOk) pgPass++;
          if (tOk) tPass++;
          if (pOk && !tOk) {
            diffs.add(file + ":" + r.line + ": " + r.sql.replace('\n', ' ') + "\n    tessera:  " + to.show()
                + "\n    postgres: " + po.show());
          }
        }
        cleanup(t, recs);
        cleanup(p, recs);
        out.printf("%s: %d records, postgres passes %d, tessera passes %d, postgres-only %d (%.0f s)%n", file, run,
            pgPass, tPass, diffs.size(), (System.nanoTime() - start) / 1e9);
        for (String d : diffs) out.println("  " + d);
        out.flush();
      }
    }
  }

  private static boolean passes(Rec r, Outcome o) throws NoSuchAlgorithmException {
    switch (r.kind) {
      case "ok":
        return o.error == null;
      case "error":
        return o.error != null;
      default:
        if (o.error != null) return false;
        List<String> exp = r.expected;
        if (exp.size() == 1 && exp.get(0).matches("\\d+ values hashing to [0-9a-f]{32}")) {
          String[] parts = exp.get(0).split(" ");
          return Integer.parseInt(parts[0]) == o.values.size() && parts[4].equals(md5(o.values));
        }
        return exp.equals(o.values);
    }
  }

  private static String md5(List<String> values) throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("MD5");
    for (String v : values) md.update((v + "\n").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest());
  }

  private static Outcome execute(Connection c, Rec r) {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(TIMEOUT_SECONDS);
      if (!r.kind.equals("query")) {
        s.execute(r.sql);
        return new Outcome(null, List.of());
      }
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(r.sql)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            char type = i - 1 < r.types.length() ? r.types.charAt(i - 1) : 'T';
            row.add(render(rs.getString(i), type));
          }
          rows.add(row);
        }
      }
      if (r.sort.equals("rowsort")) {
        rows.sort((a, b) -> {
          for (int i = 0; i < a.size(); i++) {
            int cmp = a.get(i).compareTo(b.get(i));
            if (cmp != 0) return cmp;
          }
          return 0;
        });
      }
      List<String> values = new ArrayList<>();
      for (List<String> row : rows) values.addAll(row);
      if (r.sort.equals("valuesort")) values.sort(null);
      return new Outcome(null, values);
    } catch (SQLException e) {
      String state = e.getSQLState();
      String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      return new Outcome(state + " " + msg, null);
    }
  }

  /** Renders one value as sqllogictest does (slt_odbc3.c / slt_sqlite.c). */
  private static String render(String v, char type) {
    if (v == null) return "NULL";
    switch (type) {
      case 'I':
        try {
          return new BigDecimal(v.trim()).toBigInteger().toString();
        } catch (NumberFormatException e) {
          return "0";
        }
      case 'R':
        try {
          return String.format("%.3f", Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
          return "0.000";
        }
      default:
        if (v.isEmpty()) return "(empty)";
        StringBuilder b = new StringBuilder(v.length());
        for (char ch : v.toCharArray()) b.append(ch < ' ' || ch > '~' ? '@' : ch);
        return b.toString();
    }
  }

  private static void cleanup(Connection c, List<Rec> recs) {
    List<String> views = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    for (Rec r : recs) {
      String[] w = r.sql.trim().split("\\s+");
      if (w.length >= 3 && w[0].equalsIgnoreCase("CREATE")) {
        int i = w[1].equalsIgnoreCase("TEMP") || w[1].equalsIgnoreCase("TEMPORARY") ? 2 : 1;
        String name = w.length > i + 1 ? w[i + 1].replaceAll("\\(.*", "") : "";
        if (w[i].equalsIgnoreCase("VIEW")) views.add(0, name);
        else if (w[i].equalsIgnoreCase("TABLE")) tables.add(0, name);
      }
    }
    for (String v : views) run(c, "DROP VIEW IF EXISTS " + v);
    for (String t : tables) run(c, "DROP TABLE IF EXISTS " + t);
  }

  private static void run(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      // already gone, or a name the file never created
    }
  }

  /** Parses a .test file into the records PostgreSQL would run. */
  static List<Rec> parse(List<String> lines) {
    List<Rec> recs = new ArrayList<>();
    int i = 0;
    boolean skip = false;
    while (i < lines.size()) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        i++;
        continue;
      }
      String[] w = line.split("\\s+");
      int start = i + 1;
      switch (w[0]) {
        case "skipif":
          if (w[1].equals("postgresql")) skip = true;
          i++;
          continue;
        case "onlyif":
          if (!w[1].equals("postgresql")) skip = true;
          i++;
          continue;
        case "halt":
          if (!skip) return recs;
          skip = false;
          i++;
          continue;
        case "hash-threshold":
          i++;
          continue;
        case "statement": {
          StringBuilder sql = new StringBuilder();
          i++;
          while (i < lines.size() && !lines.get(i).isBlank()) sql.append(sql.length() > 0 ? "\n" : "").append(lines.get(i++));
          if (!skip) recs.add(new Rec(start, w[1], sql.toString(), "", "nosort", List.of()));
          skip = false;
          continue;
        }
        case "query": {
          StringBuilder sql = new StringBuilder();
          i++;
          while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).equals("----")) {
            sql.append(sql.length() > 0 ? "\n" : "").append(lines.get(i++));
          }
          List<String> expected = new ArrayList<>();
          if (i < lines.size() && lines.get(i).equals("----")) {
            i++;
            while (i < lines.size() && !lines.get(i).isBlank()) expected.add(lines.get(i++).strip());
          }
          String sort = w.length > 2 ? w[2] : "nosort";
          if (!skip) recs.add(new Rec(start, "query", sql.toString(), w[1], sort, expected));
          skip = false;
          continue;
        }
        default:
          i++;
      }
    }
    return recs;
  }
}
