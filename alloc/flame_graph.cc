#include "alloc/flame_graph.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>

namespace hftbot::alloc {
namespace {

std::string Clean(std::string frame) {
  std::replace(frame.begin(), frame.end(), ';', ':');
  std::replace(frame.begin(), frame.end(), '\n', ' ');
  return frame;
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct Node {
  uint64_t weight = 0;
  std::map<std::string, std::unique_ptr<Node>> children;
};

}  // namespace

std::string FoldedText(const std::vector<FoldedStack>& stacks) {
  std::map<std::string, uint64_t> lines;
  for (const auto& [frames, weight] : stacks) {
    std::string line;
    for (const std::string& frame : frames) line += (line.empty() ? "" : ";") + Clean(frame);
    lines[line] += weight;
  }
  std::string out;
  for (const auto& [line, weight] : lines) out += line + " " + std::to_string(weight) + "\n";
  return out;
}

std::string FlameGraphSvg(const std::vector<FoldedStack>& stacks, const std::string& title) {
  Node root;
  int depth = 0;
  for (const auto& [frames, weight] : stacks) {
    root.weight += weight;
    Node* node = &root;
    for (const std::string& frame : frames) {
      auto& child = node->children[Clean(frame)];
      if (!child) child = std::make_unique<Node>();
      child->weight += weight;
      node = child.get();
    }
    depth = std::max(depth, static_cast<int>(frames.size()));
  }
  constexpr double kWidth = 1200, kFrameHeight = 16, kTop = 36;
  const double height = kTop + kFrameHeight * (depth + 1) + 10;
  std::string svg;
  char buffer[512];
  std::snprintf(buffer, sizeof(buffer),
                "<?xml version=\"1.0\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"monospace\" "
                "font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\"/>\n",
                kWidth, height, kWidth, height);
  svg += buffer;
  svg += "<text x=\"600\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">" + Escape(title) + "</text>\n";
  if (root.weight == 0) {
    svg += "<text x=\"600\" y=\"60\" text-anchor=\"middle\">no stacks sampled</text>\n</svg>\n";
    return svg;
  }
  const double total = static_cast<double>(root.weight);
  std::function<void(const Node&, const std::string&, double, int)> draw = [&](const Node& node, const std::string& name,
                                                                                 double x, int level) {
    const double w = kWidth * static_cast<double>(node.weight) / total;
    if (level >= 0 && w >= 0.1) {
      const double y = height - 10 - kFrameHeight * (level + 1);
      std::size_t hash = std::hash<std::string>()(name);
      int red = 200 + static_cast<int>(hash % 55), green = 80 + static_cast<int>((hash >> 8) % 120);
      std::snprintf(buffer, sizeof(buffer),
                    "<g><title>%s (%llu samples, %.2f%%)</title><rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
                    "height=\"%.1f\" fill=\"rgb(%d,%d,60)\" rx=\"2\"/>",
                    Escape(name).substr(0, 300).c_str(), static_cast<unsigned long long>(node.weight),
                    100.0 * static_cast<double>(node.weight) / total, x, y, w, kFrameHeight - 1, red, green);
      svg += buffer;
      std::size_t fits = static_cast<std::size_t>(w / 7);
      if (fits >= 3) {
        std::string label = name.size() <= fits ? name : name.substr(0, fits - 2) + "..";
        std::snprintf(buffer, sizeof(buffer), "<text x=\"%.2f\" y=\"%.1f\">%s</text>", x + 3, y + kFrameHeight - 4,
                      Escape(label).c_str());
        svg += buffer;
      }
      svg += "</g>\n";
    }
    double child_x = x;
    for (const auto& [child_name, child] : node.children) {
      draw(*child, child_name, child_x, level + 1);
      child_x += kWidth * static_cast<double>(child->weight) / total;
    }
  };
  draw(root, "all", 0, -1);
  svg += "</svg>\n";
  return svg;
}

}  // namespace hftbot::alloc
