// osdi_host.h -- a minimal OSDI "simulator" for tests: dlopen()s a compiled
// library, sets up one model and one instance, and evaluates the device at
// given unknowns, reading results back through the same load functions
// ngspice uses.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "osdi_abi.h"

namespace testing {

struct Evaluation {
    std::vector<double> f, q;    // residuals per unknown (load_residual_*)
    std::vector<double> jr, jq;  // dense N*N Jacobians, row-major (load_jacobian_*)
    std::vector<double> rhsDc;   // load_spice_rhs_dc: J*x - f
};

class OsdiHost {
public:
    explicit OsdiHost(const std::string &libraryPath);
    ~OsdiHost();
    OsdiHost(const OsdiHost &) = delete;
    OsdiHost &operator=(const OsdiHost &) = delete;

    const OsdiDescriptor &descriptor() const { return *desc_; }
    unsigned numUnknowns() const { return desc_->num_nodes; }
    int paramId(const std::string &name) const;  // -1 if absent

    // Sets a parameter through access(ACCESS_FLAG_SET); instance parameters
    // are set on the instance.
    void setParam(const std::string &name, double value);
    double getParam(const std::string &name) const;

    // setup_model + setup_instance; returns the number of init errors.
    unsigned setup(double temperatureK = 300.15);

    Evaluation eval(const std::vector<double> &x, double abstime = 0.0);

private:
    void *lib_ = nullptr;
    const OsdiDescriptor *desc_ = nullptr;
    std::vector<std::max_align_t> model_, inst_;
};

}  // namespace testing
