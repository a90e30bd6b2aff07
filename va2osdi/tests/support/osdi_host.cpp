#include "support/osdi_host.h"

#include <dlfcn.h>

#include <cstring>
#include <stdexcept>

namespace testing {

OsdiHost::OsdiHost(const std::string &path) {
    lib_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib_) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    if (dlsym(lib_, "OSDI_DESCRIPTOR_SIZE")) throw std::runtime_error("an OSDI 0.3 library must not export OSDI_DESCRIPTOR_SIZE");
    auto *major = (const uint32_t *)dlsym(lib_, "OSDI_VERSION_MAJOR");
    auto *minor = (const uint32_t *)dlsym(lib_, "OSDI_VERSION_MINOR");
    auto *num = (const uint32_t *)dlsym(lib_, "OSDI_NUM_DESCRIPTORS");
    desc_ = (const OsdiDescriptor *)dlsym(lib_, "OSDI_DESCRIPTORS");
    if (!major || !minor || !num || !desc_) throw std::runtime_error("missing OSDI symbols");
    if (*major != 0 || *minor != 3 || *num != 1) throw std::runtime_error("unexpected OSDI version or descriptor count");
    auto words = [](uint32_t bytes) { return (bytes + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t); };
    model_.assign(words(desc_->model_size), std::max_align_t{});
    inst_.assign(words(desc_->instance_size), std::max_align_t{});
    std::memset(model_.data(), 0, model_.size() * sizeof(std::max_align_t));
    std::memset(inst_.data(), 0, inst_.size() * sizeof(std::max_align_t));
}

OsdiHost::~OsdiHost() {
    if (lib_) dlclose(lib_);
}

int OsdiHost::paramId(const std::string &name) const {
    for (uint32_t i = 0; i < desc_->num_params; ++i)
        if (name == desc_->param_opvar[i].name[0]) return (int)i;
    return -1;
}

void OsdiHost::setParam(const std::string &name, double value) {
    int id = paramId(name);
    if (id < 0) throw std::runtime_error("no parameter " + name);
    bool inst = (uint32_t)id < desc_->num_instance_params;
    void *p = desc_->access(inst_.data(), model_.data(), (uint32_t)id, ACCESS_FLAG_SET | (inst ? ACCESS_FLAG_INSTANCE : 0));
    if ((desc_->param_opvar[id].flags & PARA_TY_MASK) == PARA_TY_INT) *(int *)p = (int)value;
    else *(double *)p = value;
}

double OsdiHost::getParam(const std::string &name) const {
    int id = paramId(name);
    if (id < 0) throw std::runtime_error("no parameter " + name);
    bool inst = (uint32_t)id < desc_->num_instance_params;
    void *p = desc_->access((void *)inst_.data(), (void *)model_.data(), (uint32_t)id,
                            ACCESS_FLAG_READ | (inst ? ACCESS_FLAG_INSTANCE : 0));
    if ((desc_->param_opvar[id].flags & PARA_TY_MASK) == PARA_TY_INT) return *(int *)p;
    return *(double *)p;
}

unsigned OsdiHost::setup(double temperatureK) {
    OsdiSimParas paras{};
    OsdiInitInfo info{};
    desc_->setup_model(nullptr, model_.data(), &paras, &info);
    unsigned errors = info.num_errors;
    desc_->setup_instance(nullptr, inst_.data(), model_.data(), temperatureK, desc_->num_terminals, &paras, &info);
    errors += info.num_errors;
    // Unknown i lives at solution index i+1; index 0 is ground, as in SPICE.
    auto *mapping = (uint32_t *)((char *)inst_.data() + desc_->node_mapping_offset);
    for (uint32_t i = 0; i < desc_->num_nodes; ++i) mapping[i] = i + 1;
    return errors;
}

Evaluation OsdiHost::eval(const std::vector<double> &x, double abstime) {
    const unsigned n = desc_->num_nodes;
    if (x.size() != n) throw std::runtime_error("wrong number of unknowns");
    std::vector<double> solve(n + 1, 0.0);
    for (unsigned i = 0; i < n; ++i) solve[i + 1] = x[i];

    // Dense (N+1)x(N+1) matrices; row/column 0 is ground.
    std::vector<double> jr((n + 1) * (n + 1), 0.0), jq((n + 1) * (n + 1), 0.0);
    char *inst = (char *)inst_.data();
    auto **ptrResist = (double **)(inst + desc_->jacobian_ptr_resist_offset);
    for (uint32_t k = 0; k < desc_->num_jacobian_entries; ++k) {
        const OsdiJacobianEntry &e = desc_->jacobian_entries[k];
        size_t at = (e.nodes.node_1 + 1) * (n + 1) + (e.nodes.node_2 + 1);
        ptrResist[k] = &jr[at];
        if (e.react_ptr_off != OSDI_NO_OFFSET) *(double **)(inst + e.react_ptr_off) = &jq[at];
    }

    OsdiSimInfo info{};
    info.abstime = abstime;
    info.prev_solve = solve.data();
    info.flags = CALC_RESIST_RESIDUAL | CALC_REACT_RESIDUAL | CALC_RESIST_JACOBIAN | CALC_REACT_JACOBIAN | CALC_OP;
    desc_->eval(nullptr, inst, model_.data(), &info);

    Evaluation r;
    std::vector<double> f(n + 1, 0.0), q(n + 1, 0.0), rhs(n + 1, 0.0);
    desc_->load_residual_resist(inst, model_.data(), f.data());
    desc_->load_residual_react(inst, model_.data(), q.data());
    desc_->load_spice_rhs_dc(inst, model_.data(), rhs.data(), solve.data());
    desc_->load_jacobian_resist(inst, model_.data());
    desc_->load_jacobian_react(inst, model_.data(), 1.0);
    r.f.assign(f.begin() + 1, f.end());
    r.q.assign(q.begin() + 1, q.end());
    r.rhsDc.assign(rhs.begin() + 1, rhs.end());
    r.jr.resize(n * n);
    r.jq.resize(n * n);
    for (unsigned i = 0; i < n; ++i)
        for (unsigned j = 0; j < n; ++j) {
            r.jr[i * n + j] = jr[(i + 1) * (n + 1) + j + 1];
            r.jq[i * n + j] = jq[(i + 1) * (n + 1) + j + 1];
        }
    return r;
}

}  // namespace testing
