// Reference jets for @apemen/jets, made by FastJet 3.4.0 itself (Debian libfastjet-dev).
//
// Usage: fixtures <single-event.dat> <sample.hepmc2> <output-directory>
//
// Writes (every number as the shortest text that reads back as the same double):
//   single-event-jets.txt   inclusive jets (pt >= 0) of the FastJet example event, for
//                           antikt, kt, cambridge x R = 0.4, 1.0, plus kt exclusive jets
//                           (njets = 2, 3, 4 and dcut = 100, 400 GeV^2) and ee_kt ymerge values
//   hepmc13tev-particles.txt the status-1 particles of each event of the 13 TeV HepMC2 sample
//   hepmc13tev-jets.txt     inclusive jets (pt >= 5 GeV) of each of those events, same configs
//   ee-durham.txt           the FastJet example event boosted to the rest frame of its total
//                           momentum (an e+e- like multi-particle final state), its particles,
//                           ee_kt ymerge(n) for n = 2..6 and the exclusive 3- and 4-jet
//                           configurations
//   nsubjettiness.txt       tau_1, tau_2, tau_3 (beta = 1, unnormalised, exclusive-kt axes) of
//                           the three hardest anti-kt R = 1.0 jets of every event
//   ties.txt                a tie-laden event (duplicated particles) clustered with the N2Plain
//                           strategy, with its full clustering history
//   edge-cases.txt          three synthetic events of 40 particles made to hit the corners of
//                           FastJet's conventions (particles along the beam, pt = 0 massive ones,
//                           spacelike momenta, φ next to 0 = 2π, duplicates, collinear pairs),
//                           with the parents of every clustering step for antikt, kt, cambridge
//                           x R = 0.05, 0.4, 1.5, 3.5 (N2Plain) and ee_kt
//
// Particle indices are 0-based positions in the input (status-1 particles in file order).
#include <fastjet/ClusterSequence.hh>
#include <fastjet/JetDefinition.hh>
#include <fastjet/PseudoJet.hh>

#include <algorithm>
#include <charconv>
#include <limits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using fastjet::ClusterSequence;
using fastjet::JetDefinition;
using fastjet::PseudoJet;

namespace {

// The shortest decimal text that reads back as exactly the same double (C++17 to_chars).
std::string g(double x) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::vector<PseudoJet> read_plain(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(1);
  }
  std::vector<PseudoJet> particles;
  double px, py, pz, e;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    if (s >> px >> py >> pz >> e) {
      PseudoJet p(px, py, pz, e);
      p.set_user_index(static_cast<int>(particles.size()));
      particles.push_back(p);
    }
  }
  return particles;
}

// HepMC2 IO_GenEvent: "E ..." starts an event; "P barcode pdg px py pz e m status ...".
std::vector<std::vector<PseudoJet>> read_hepmc2(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(1);
  }
  std::vector<std::vector<PseudoJet>> events;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("E ", 0) == 0) {
      events.emplace_back();
    } else if (line.rfind("P ", 0) == 0 && !events.empty()) {
      std::istringstream s(line.substr(2));
      long barcode;
      int pdg, status;
      double px, py, pz, e, m;
      s >> barcode >> pdg >> px >> py >> pz >> e >> m >> status;
      if (status == 1) {
        PseudoJet p(px, py, pz, e);
        p.set_user_index(static_cast<int>(events.back().size()));
        events.back().push_back(p);
      }
    }
  }
  return events;
}

void write_particles(FILE* f, const std::vector<PseudoJet>& particles) {
  for (const auto& p : particles) {
    std::fprintf(f, "p %s %s %s %s\n", g(p.px()).c_str(), g(p.py()).c_str(), g(p.pz()).c_str(),
                 g(p.E()).c_str());
  }
}

void write_jet(FILE* f, const char* tag, const PseudoJet& jet) {
  std::vector<int> idx;
  for (const auto& c : jet.constituents()) idx.push_back(c.user_index());
  std::sort(idx.begin(), idx.end());
  std::fprintf(f, "%s %s %s %s %s %s %s %s %zu", tag, g(jet.px()).c_str(), g(jet.py()).c_str(),
               g(jet.pz()).c_str(), g(jet.E()).c_str(), g(jet.rap()).c_str(),
               g(jet.phi_std()).c_str(), g(jet.m()).c_str(), idx.size());
  for (int i : idx) std::fprintf(f, " %d", i);
  std::fprintf(f, "\n");
}

struct Config {
  const char* name;
  fastjet::JetAlgorithm algorithm;
  double R;
};

const Config kConfigs[] = {
    {"antikt", fastjet::antikt_algorithm, 0.4},    {"antikt", fastjet::antikt_algorithm, 1.0},
    {"kt", fastjet::kt_algorithm, 0.4},            {"kt", fastjet::kt_algorithm, 1.0},
    {"cambridge", fastjet::cambridge_algorithm, 0.4},
    {"cambridge", fastjet::cambridge_algorithm, 1.0},
};

void write_inclusive(FILE* f, const std::vector<PseudoJet>& particles, double ptmin) {
  for (const auto& c : kConfigs) {
    JetDefinition def(c.algorithm, c.R, fastjet::E_scheme, fastjet::Best);
    ClusterSequence cs(particles, def);
    auto jets = fastjet::sorted_by_pt(cs.inclusive_jets(ptmin));
    std::fprintf(f, "config %s %s %s %zu\n", c.name, g(c.R).c_str(), g(ptmin).c_str(), jets.size());
    for (const auto& j : jets) write_jet(f, "jet", j);
  }
}

// N-subjettiness with exclusive-kt axes, as fjcontrib's Nsubjettiness(N, KT_Axes(),
// UnnormalizedMeasure(beta = 1)): tau_N = sum_k pt_k min_a DeltaR(k, a), DeltaR in (rap, phi).
double tau(const std::vector<PseudoJet>& constituents, int n) {
  if (static_cast<int>(constituents.size()) <= n) return 0.0;
  JetDefinition axes_def(fastjet::kt_algorithm, JetDefinition::max_allowable_R, fastjet::E_scheme,
                         fastjet::Best);
  ClusterSequence cs(constituents, axes_def);
  auto axes = cs.exclusive_jets(n);
  double sum = 0.0;
  for (const auto& p : constituents) {
    double best = std::numeric_limits<double>::max();
    for (const auto& a : axes) best = std::min(best, p.squared_distance(a));
    sum += p.perp() * std::sqrt(best);
  }
  return sum;
}

void write_nsubjettiness(FILE* f, const char* label, const std::vector<PseudoJet>& particles) {
  JetDefinition def(fastjet::antikt_algorithm, 1.0, fastjet::E_scheme, fastjet::Best);
  ClusterSequence cs(particles, def);
  auto jets = fastjet::sorted_by_pt(cs.inclusive_jets(0.0));
  for (size_t i = 0; i < jets.size() && i < 3; ++i) {
    auto constituents = jets[i].constituents();
    std::fprintf(f, "nsub %s %zu %s %s %s %s\n", label, i, g(jets[i].pt()).c_str(),
                 g(tau(constituents, 1)).c_str(), g(tau(constituents, 2)).c_str(),
                 g(tau(constituents, 3)).c_str());
  }
}

void write_ee(FILE* f, const std::vector<PseudoJet>& particles) {
  JetDefinition def(fastjet::ee_kt_algorithm);
  ClusterSequence cs(particles, def);
  std::fprintf(f, "Q %s\n", g(cs.Q()).c_str());
  for (int n = 2; n <= 6; ++n) {
    std::fprintf(f, "ymerge %d %s %s\n", n, g(cs.exclusive_ymerge(n)).c_str(),
                 g(cs.exclusive_ymerge_max(n)).c_str());
  }
  for (int n : {3, 4}) {
    auto jets = fastjet::sorted_by_E(cs.exclusive_jets(n));
    std::fprintf(f, "exclusive %d\n", n);
    for (const auto& j : jets) write_jet(f, "jet", j);
  }
}

// A small deterministic generator (64-bit LCG), so the edge-case events never change.
struct Lcg {
  unsigned long long state;
  double uniform() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0);
  }
};

std::vector<PseudoJet> edge_event(Lcg& rng) {
  std::vector<PseudoJet> p;
  auto add = [&p](double px, double py, double pz, double e) {
    PseudoJet q(px, py, pz, e);
    q.set_user_index(static_cast<int>(p.size()));
    p.push_back(q);
  };
  auto add_ptyphim = [&add](double pt, double y, double phi, double m) {
    const double mt = std::sqrt(pt * pt + m * m);
    add(pt * std::cos(phi), pt * std::sin(phi), mt * std::sinh(y), mt * std::cosh(y));
  };
  const double masses[3] = {0.0, 0.13957, 5.0};
  for (int k = 0; k < 25; ++k) {
    add_ptyphim(0.5 - 8.0 * std::log(1.0 - rng.uniform()), 8.0 * rng.uniform() - 4.0,
                2.0 * M_PI * rng.uniform(), masses[k % 3]);
  }
  for (int k = 0; k < 3; ++k) {  // along the beam: pt = 0, E = |pz|
    const double pz = (k == 1 ? -1.0 : 1.0) * (1.0 + 100.0 * rng.uniform());
    add(0.0, 0.0, pz, std::abs(pz));
  }
  for (int k = 0; k < 2; ++k) {  // pt = 0 but massive
    const double pz = 20.0 * rng.uniform() - 10.0;
    add(0.0, 0.0, pz, std::sqrt(pz * pz + 4.0));
  }
  for (int k = 0; k < 2; ++k) {  // spacelike: E = 0.9 |p|
    const double px = 10.0 * rng.uniform(), py = 10.0 * rng.uniform(), pz = 10.0 * rng.uniform();
    add(px, py, pz, 0.9 * std::sqrt(px * px + py * py + pz * pz));
  }
  for (int k = 0; k < 3; ++k) {  // either side of phi = 0 = 2 pi
    add_ptyphim(5.0 + 10.0 * rng.uniform(), 0.5 * rng.uniform(), (k - 1) * 1e-3, 0.0);
  }
  for (int k = 0; k < 3; ++k) {  // exact duplicates
    const PseudoJet& q = p[static_cast<size_t>(7 * k)];
    add(q.px(), q.py(), q.pz(), q.E());
  }
  for (int k = 0; k < 2; ++k) {  // collinear with an earlier particle, other energy
    const PseudoJet& q = p[static_cast<size_t>(3 + 5 * k)];
    const double z = 0.25 + 0.5 * rng.uniform();
    add(z * q.px(), z * q.py(), z * q.pz(), z * q.E());
  }
  return p;
}

void write_history(FILE* f, const char* name, double R, const ClusterSequence& cs) {
  const auto& history = cs.history();
  std::fprintf(f, "history %s %s %zu\n", name, g(R).c_str(), history.size());
  for (const auto& h : history) std::fprintf(f, "h %d %d\n", h.parent1, h.parent2);
}

FILE* open_out(const std::string& dir, const char* name) {
  std::string path = dir + "/" + name;
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  std::fprintf(f, "# made by tools/fastjet-fixtures/fixtures.cc with FastJet %s\n",
               fastjet::fastjet_version_string().c_str());
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <single-event.dat> <sample.hepmc2> <output-directory>\n",
                 argv[0]);
    return 2;
  }
  fastjet::ClusterSequence::set_fastjet_banner_stream(nullptr);
  const auto single = read_plain(argv[1]);
  const auto events = read_hepmc2(argv[2]);
  const std::string dir = argv[3];

  {
    FILE* f = open_out(dir, "single-event-jets.txt");
    std::fprintf(f, "event single %zu\n", single.size());
    write_inclusive(f, single, 0.0);
    JetDefinition kt(fastjet::kt_algorithm, 1.0, fastjet::E_scheme, fastjet::Best);
    ClusterSequence cs(single, kt);
    for (int n : {2, 3, 4}) {
      auto jets = fastjet::sorted_by_pt(cs.exclusive_jets(n));
      std::fprintf(f, "exclusive-njets kt 1 %d %zu %s\n", n, jets.size(),
                   g(cs.exclusive_dmerge(n)).c_str());
      for (const auto& j : jets) write_jet(f, "jet", j);
    }
    for (double dcut : {100.0, 400.0}) {
      auto jets = fastjet::sorted_by_pt(cs.exclusive_jets(dcut));
      std::fprintf(f, "exclusive-dcut kt 1 %s %zu\n", g(dcut).c_str(), jets.size());
      for (const auto& j : jets) write_jet(f, "jet", j);
    }
    std::fclose(f);
  }
  {
    FILE* fp = open_out(dir, "hepmc13tev-particles.txt");
    FILE* fj = open_out(dir, "hepmc13tev-jets.txt");
    for (size_t k = 0; k < events.size(); ++k) {
      std::fprintf(fp, "event %zu %zu\n", k, events[k].size());
      write_particles(fp, events[k]);
      std::fprintf(fj, "event %zu %zu\n", k, events[k].size());
      write_inclusive(fj, events[k], 5.0);
    }
    std::fclose(fp);
    std::fclose(fj);
  }
  {
    FILE* f = open_out(dir, "ee-durham.txt");
    PseudoJet total(0, 0, 0, 0);
    for (const auto& p : single) total += p;
    // Boost every particle into the rest frame of the total momentum (unboost by total).
    std::vector<PseudoJet> boosted;
    for (const auto& p : single) {
      PseudoJet q = p;
      q.unboost(total);
      q.set_user_index(static_cast<int>(boosted.size()));
      boosted.push_back(q);
    }
    std::fprintf(f, "event single-cm %zu\n", boosted.size());
    write_particles(f, boosted);
    write_ee(f, boosted);
    std::fclose(f);
  }
  {
    FILE* f = open_out(dir, "nsubjettiness.txt");
    write_nsubjettiness(f, "single", single);
    for (size_t k = 0; k < events.size(); ++k) {
      write_nsubjettiness(f, std::to_string(k).c_str(), events[k]);
    }
    std::fclose(f);
  }
  {
    // Exact ties: the first 30 particles of the example event, each present twice and every
    // third one three times, so that many pair distances are exactly 0.
    std::vector<PseudoJet> tied;
    for (size_t i = 0; i < 30 && i < single.size(); ++i) {
      int copies = (i % 3 == 0) ? 3 : 2;
      for (int c = 0; c < copies; ++c) {
        PseudoJet p = single[i];
        p.set_user_index(static_cast<int>(tied.size()));
        tied.push_back(p);
      }
    }
    FILE* f = open_out(dir, "ties.txt");
    std::fprintf(f, "event ties %zu\n", tied.size());
    write_particles(f, tied);
    for (const auto& c : kConfigs) {
      JetDefinition def(c.algorithm, c.R, fastjet::E_scheme, fastjet::N2Plain);
      ClusterSequence cs(tied, def);
      const auto& history = cs.history();
      std::fprintf(f, "history %s %s %zu\n", c.name, g(c.R).c_str(), history.size());
      for (const auto& h : history) {
        std::fprintf(f, "h %d %d %s\n", h.parent1, h.parent2, g(h.dij).c_str());
      }
    }
    std::fclose(f);
  }
  {
    FILE* f = open_out(dir, "edge-cases.txt");
    Lcg rng{20261204ULL};
    const Config algorithms[] = {{"antikt", fastjet::antikt_algorithm, 0},
                                 {"kt", fastjet::kt_algorithm, 0},
                                 {"cambridge", fastjet::cambridge_algorithm, 0}};
    for (int k = 0; k < 3; ++k) {
      const auto particles = edge_event(rng);
      std::fprintf(f, "event edge-%d %zu\n", k, particles.size());
      write_particles(f, particles);
      for (const auto& c : algorithms) {
        for (double R : {0.05, 0.4, 1.5, 3.5}) {
          JetDefinition def(c.algorithm, R, fastjet::E_scheme, fastjet::N2Plain);
          write_history(f, c.name, R, ClusterSequence(particles, def));
        }
      }
      write_history(f, "ee_kt", 4.0, ClusterSequence(particles, JetDefinition(fastjet::ee_kt_algorithm)));
    }
    std::fclose(f);
  }
  return 0;
}
