package io.tessera.it.isolation;

import java.util.ArrayList;
import java.util.List;

/** A line diff for failure messages: every line, prefixed {@code ' '} (both), {@code '-'} (left) or {@code '+'}. */
final class TextDiff {
    private TextDiff() {
    }

    static String unified(String leftName, String left, String rightName, String right) {
        List<String> a = left.lines().toList();
        List<String> b = right.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        out.add("--- " + leftName);
        out.add("+++ " + rightName);
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add("  " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        return String.join("\n", out) + "\n";
    }
}
