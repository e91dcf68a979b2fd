// Writes an HdrHistogram interval log (.hlog) with HdrHistogram's own Java
// HistogramLogWriter, from a spec of exactly which values each interval holds, so that
// metrics/hlog_interop_test.cc (and java_2.1.11.hlog, see README.md) can check our
// reader against the reference implementation.
//
//   javac -cp /usr/share/java/hdrhistogram.jar -d DIR HlogFromJava.java
//   java -cp /usr/share/java/hdrhistogram.jar:DIR HlogFromJava SPEC OUT.hlog
//
// SPEC, one directive per line ('#' lines are comments):
//   start_ms <ms since epoch>                         StartTime and BaseTime
//   interval <tag or -> <lowest> <highest> <figures> <start s> <end s>
//   value <value> <count>                              recorded into the last interval
import java.io.BufferedReader;
import java.io.FileReader;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

public class HlogFromJava {
  private static final class Interval {
    Histogram histogram;
    double startS;
    double endS;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: HlogFromJava SPEC OUT.hlog");
      System.exit(2);
    }
    long startMs = 0;
    List<Interval> intervals = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new FileReader(args[0]))) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        ++number;
        String[] f = line.trim().split("\\s+");
        if (f[0].isEmpty() || f[0].startsWith("#")) continue;
        switch (f[0]) {
          case "start_ms":
            startMs = Long.parseLong(f[1]);
            break;
          case "interval": {
            Interval interval = new Interval();
            interval.histogram =
                new Histogram(Long.parseLong(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4]));
            if (!f[1].equals("-")) interval.histogram.setTag(f[1]);
            interval.startS = Double.parseDouble(f[5]);
            interval.endS = Double.parseDouble(f[6]);
            intervals.add(interval);
            break;
          }
          case "value":
            intervals.get(intervals.size() - 1).histogram.recordValueWithCount(
                Long.parseLong(f[1]), Long.parseLong(f[2]));
            break;
          default:
            throw new IllegalArgumentException(args[0] + ":" + number + ": unknown directive " + f[0]);
        }
      }
    }
    HistogramLogWriter writer = new HistogramLogWriter(args[1]);
    writer.outputComment("[Logged with HdrHistogram Java by HlogFromJava]");
    writer.outputLogFormatVersion();
    writer.outputStartTime(startMs);
    writer.setBaseTime(startMs);
    writer.outputBaseTime(startMs);
    writer.outputLegend();
    for (Interval interval : intervals) {
      writer.outputIntervalHistogram(interval.startS, interval.endS, interval.histogram);
    }
    writer.close();
  }
}
