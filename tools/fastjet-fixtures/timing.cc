// FastJet's time per event on the events of bench/jets, for a side-by-side comparison.
//
// Usage: timing <events.txt> <algorithm: antikt|kt|cambridge> <R> <repeats>
// The events file holds blocks "event <n>" followed by n lines "px py pz E".
// Prints one JSON line per event size: {"n":..., "events":..., "msPerEvent":..., "jets":...}
// where jets counts the inclusive jets (pt >= 0) summed over the events, as a cross-check.
#include <fastjet/ClusterSequence.hh>

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s <events.txt> <antikt|kt|cambridge> <R> <repeats>\n", argv[0]);
    return 2;
  }
  fastjet::ClusterSequence::set_fastjet_banner_stream(nullptr);
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  fastjet::JetAlgorithm algorithm;
  if (std::strcmp(argv[2], "antikt") == 0) {
    algorithm = fastjet::antikt_algorithm;
  } else if (std::strcmp(argv[2], "kt") == 0) {
    algorithm = fastjet::kt_algorithm;
  } else if (std::strcmp(argv[2], "cambridge") == 0) {
    algorithm = fastjet::cambridge_algorithm;
  } else {
    std::fprintf(stderr, "unknown algorithm %s\n", argv[2]);
    return 2;
  }
  const double R = std::atof(argv[3]);
  const int repeats = std::atoi(argv[4]);

  // Events grouped by size, in file order.
  std::map<size_t, std::vector<std::vector<fastjet::PseudoJet>>> bySize;
  std::string line;
  std::vector<fastjet::PseudoJet>* current = nullptr;
  std::vector<std::vector<fastjet::PseudoJet>> events;
  while (std::getline(in, line)) {
    if (line.rfind("event", 0) == 0) {
      events.emplace_back();
      current = &events.back();
      continue;
    }
    std::istringstream s(line);
    double px, py, pz, e;
    if (current && (s >> px >> py >> pz >> e)) current->emplace_back(px, py, pz, e);
  }
  for (auto& ev : events) bySize[ev.size()].push_back(ev);

  const fastjet::JetDefinition def(algorithm, R, fastjet::E_scheme, fastjet::Best);
  for (const auto& [n, group] : bySize) {
    size_t jets = 0;
    for (const auto& ev : group) {
      fastjet::ClusterSequence cs(ev, def);
      jets += cs.inclusive_jets(0.0).size();
    }
    // Processor time, not wall time: the bench machines are shared, and this is what the
    // TypeScript side measures too (process.cpuUsage).
    const std::clock_t start = std::clock();
    for (int r = 0; r < repeats; ++r) {
      for (const auto& ev : group) {
        fastjet::ClusterSequence cs(ev, def);
        auto result = cs.inclusive_jets(0.0);
        if (result.empty()) std::fprintf(stderr, "no jets\n");
      }
    }
    const double ms = 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    std::printf("{\"n\":%zu,\"events\":%zu,\"msPerEvent\":%.6g,\"jets\":%zu,\"strategy\":\"%s\"}\n",
                n, group.size(), ms / (repeats * group.size()), jets,
                fastjet::ClusterSequence(group.front(), def).strategy_string().c_str());
  }
  return 0;
}
