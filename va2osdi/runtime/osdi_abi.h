/*
 * osdi_abi.h -- the OSDI 0.3 binary interface, written for va2osdi.
 *
 * Declares the data layout and constants that an OSDI 0.3 simulator (ngspice)
 * expects from a compiled device library. Field order and widths follow the
 * OSDI 0.3 specification; the layout is what matters, not the names.
 *
 * This header is embedded verbatim at the top of every generated .cpp and is
 * also included by the tests that dlopen() the compiled .osdi files.
 */
#ifndef VA2OSDI_OSDI_ABI_H
#define VA2OSDI_OSDI_ABI_H

#include <stdbool.h>
#include <stdint.h>

/* Version of the interface. A 0.3 library must NOT export
 * OSDI_DESCRIPTOR_SIZE (its presence tells ngspice the library is >= 0.4). */
#define OSDI_ABI_MAJOR 0
#define OSDI_ABI_MINOR 3

/* OsdiParamOpvar.flags: value type (low 2 bits) and kind (top 2 bits). */
#define PARA_TY_MASK 3u
#define PARA_TY_REAL 0u
#define PARA_TY_INT 1u
#define PARA_TY_STR 2u
#define PARA_KIND_MASK (3u << 30)
#define PARA_KIND_MODEL (0u << 30)
#define PARA_KIND_INST (1u << 30)
#define PARA_KIND_OPVAR (2u << 30)

/* access() flags. */
#define ACCESS_FLAG_READ 0u
#define ACCESS_FLAG_SET 1u
#define ACCESS_FLAG_INSTANCE 4u

/* OsdiJacobianEntry.flags. */
#define JACOBIAN_ENTRY_RESIST_CONST 1u
#define JACOBIAN_ENTRY_REACT_CONST 2u
#define JACOBIAN_ENTRY_RESIST 4u
#define JACOBIAN_ENTRY_REACT 8u

/* OsdiSimInfo.flags: what eval() is asked to compute and which analysis runs. */
#define CALC_RESIST_RESIDUAL 1u
#define CALC_REACT_RESIDUAL 2u
#define CALC_RESIST_JACOBIAN 4u
#define CALC_REACT_JACOBIAN 8u
#define CALC_NOISE 16u
#define CALC_OP 32u
#define CALC_RESIST_LIM_RHS 64u
#define CALC_REACT_LIM_RHS 128u
#define ENABLE_LIM 256u
#define INIT_LIM 512u
#define ANALYSIS_NOISE 1024u
#define ANALYSIS_DC 2048u
#define ANALYSIS_AC 4096u
#define ANALYSIS_TRAN 8192u
#define ANALYSIS_IC 16384u
#define ANALYSIS_STATIC 32768u
#define ANALYSIS_NODESET 65536u

/* eval() return flags. */
#define EVAL_RET_FLAG_LIM 1u
#define EVAL_RET_FLAG_FATAL 2u
#define EVAL_RET_FLAG_FINISH 4u
#define EVAL_RET_FLAG_STOP 8u

/* Levels for the osdi_log callback the simulator installs. */
#define LOG_LVL_MASK 8u
#define LOG_LVL_DEBUG 0u
#define LOG_LVL_DISPLAY 1u
#define LOG_LVL_INFO 2u
#define LOG_LVL_WARN 3u
#define LOG_LVL_ERR 4u
#define LOG_LVL_FATAL 5u
#define LOG_FMT_ERR 16u

/* OsdiInitError.code */
#define INIT_ERR_OUT_OF_BOUNDS 1u

/* Node index meaning "ground" in node pairs. */
#define OSDI_GROUND_NODE UINT32_MAX
/* Offset meaning "this field does not exist". */
#define OSDI_NO_OFFSET UINT32_MAX

#ifdef __cplusplus
extern "C" {
#endif

typedef struct OsdiLimFunction {
    char *name;
    uint32_t num_args;
    void *func_ptr;
} OsdiLimFunction;

/* $simparam values: NULL-terminated name list and matching values. */
typedef struct OsdiSimParas {
    char **names;
    double *vals;
    char **names_str;
    char **vals_str;
} OsdiSimParas;

/* Handed to eval(): prev_solve[node_mapping[i]] is the value of unknown i. */
typedef struct OsdiSimInfo {
    OsdiSimParas paras;
    double abstime;
    double *prev_solve;
    double *prev_state;
    double *next_state;
    uint32_t flags;
} OsdiSimInfo;

typedef union OsdiInitErrorPayload {
    uint32_t parameter_id;
} OsdiInitErrorPayload;

typedef struct OsdiInitError {
    uint32_t code;
    OsdiInitErrorPayload payload;
} OsdiInitError;

/* Filled by setup_model/setup_instance. The errors array is owned by the
 * library (ngspice >= 45 does not free it). */
typedef struct OsdiInitInfo {
    uint32_t flags;
    uint32_t num_errors;
    OsdiInitError *errors;
} OsdiInitInfo;

typedef struct OsdiNodePair {
    uint32_t node_1;
    uint32_t node_2;
} OsdiNodePair;

/* One structurally non-zero entry d(residual of node_1)/d(unknown node_2). */
typedef struct OsdiJacobianEntry {
    OsdiNodePair nodes;
    uint32_t react_ptr_off; /* instance offset of a double* for the imaginary/reactive slot */
    uint32_t flags;
} OsdiJacobianEntry;

typedef struct OsdiNode {
    char *name;
    char *units;
    char *residual_units;
    uint32_t resist_residual_off;
    uint32_t react_residual_off; /* OSDI_NO_OFFSET: node has no charge */
    uint32_t resist_limit_rhs_off;
    uint32_t react_limit_rhs_off;
    bool is_flow; /* unknown is a branch current, not a node voltage */
} OsdiNode;

typedef struct OsdiParamOpvar {
    char **name; /* name[0] plus num_alias aliases */
    uint32_t num_alias;
    char *description;
    char *units;
    uint32_t flags;
    uint32_t len; /* 0 for scalars */
} OsdiParamOpvar;

typedef struct OsdiNoiseSource {
    char *name;
    OsdiNodePair nodes;
} OsdiNoiseSource;

typedef struct OsdiDescriptor {
    char *name;

    uint32_t num_nodes;
    uint32_t num_terminals;
    OsdiNode *nodes;

    uint32_t num_jacobian_entries;
    OsdiJacobianEntry *jacobian_entries;

    uint32_t num_collapsible;
    OsdiNodePair *collapsible;
    uint32_t collapsed_offset;

    OsdiNoiseSource *noise_sources;
    uint32_t num_noise_src;

    uint32_t num_params; /* instance params first, then model params */
    uint32_t num_instance_params;
    uint32_t num_opvars;
    OsdiParamOpvar *param_opvar;

    uint32_t node_mapping_offset;
    uint32_t jacobian_ptr_resist_offset;

    uint32_t num_states;
    uint32_t state_idx_off;

    uint32_t bound_step_offset;

    uint32_t instance_size;
    uint32_t model_size;

    void *(*access)(void *inst, void *model, uint32_t id, uint32_t flags);

    void (*setup_model)(void *handle, void *model, OsdiSimParas *sim_params, OsdiInitInfo *res);
    void (*setup_instance)(void *handle, void *inst, void *model, double temperature,
                           uint32_t num_terminals, OsdiSimParas *sim_params, OsdiInitInfo *res);

    uint32_t (*eval)(void *handle, void *inst, void *model, const OsdiSimInfo *info);
    void (*load_noise)(void *inst, void *model, double freq, double *noise_dens,
                       double *ln_noise_dens);
    void (*load_residual_resist)(void *inst, void *model, double *dst);
    void (*load_residual_react)(void *inst, void *model, double *dst);
    void (*load_limit_rhs_resist)(void *inst, void *model, double *dst);
    void (*load_limit_rhs_react)(void *inst, void *model, double *dst);
    void (*load_spice_rhs_dc)(void *inst, void *model, double *dst, double *prev_solve);
    void (*load_spice_rhs_tran)(void *inst, void *model, double *dst, double *prev_solve,
                                double alpha);
    void (*load_jacobian_resist)(void *inst, void *model);
    void (*load_jacobian_react)(void *inst, void *model, double alpha);
    void (*load_jacobian_tran)(void *inst, void *model, double alpha);
} OsdiDescriptor;

#ifdef __cplusplus
}
#endif

#endif /* VA2OSDI_OSDI_ABI_H */
