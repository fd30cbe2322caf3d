/* SPDX-License-Identifier: MIT */
/* Scenario steps on the machine: SMMU, devices, device DMA, SMMU faults. */
#include <inttypes.h>
#include <stdio.h>

#include "scenario/scenario.h"

int sc_exec_smmu(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_smmu_opts o = {.dt_path = sc_str(s, "path", NULL),
                                 .disable_bypass = sc_int(r, s, "bypass", 0) == 0};
    int rc = gntsim_smmu_create(r->w, &o);

    sc_set_int(r, "rc", rc);
    if (rc && !s->checked)
        return sc_setup_failed(r, rc);
    return rc;
}

int sc_exec_device(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_device_opts o = {
        .name = sc_str(s, "name", NULL),
        .dt_name = sc_str(s, "dt", "ff0e0000.ethernet"),
        .ifname = sc_str(s, "if", "eth0"),
        .stream_id = (uint32_t)sc_int(r, s, "sid", 0),
        .owner = (gntsim_domid_t)sc_int(r, s, "owner", 0),
        .coherent = sc_flag(s, "coherent"),
        .behind_smmu = !sc_flag(s, "nosmmu"),
        .dt_iommu = !sc_arg(s, "dt-iommu")        ? 0
                    : sc_int(r, s, "dt-iommu", 0) ? 1
                                                  : -1,
    };
    unsigned id = 0;
    int rc = gntsim_device_create(r->w, &o, &id);

    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_int(r, "id", id);
    if (rc && !s->checked)
        return sc_setup_failed(r, rc);
    return rc;
}

/* Index of the device named by argument "dev" (a run error when unknown). */
static int device_id(struct sc_run *r, const struct sc_stmt *s, unsigned *id)
{
    const char *name = sc_str(s, "dev", "");

    if (gntsim_device_find(r->w, name, id))
        return sc_run_error(r, "no device called '%s'", name);
    return 0;
}

int sc_exec_dma_read(struct sc_run *r, const struct sc_stmt *s)
{
    uint8_t buf[SC_MAX_DATA];
    int64_t len = sc_int(r, s, "len", 0);
    unsigned id;
    int rc;

    if (device_id(r, s, &id))
        return -1;
    if (len < 0 || len > SC_MAX_DATA)
        return sc_run_error(r, "len %" PRId64 " outside 0..%d", len, SC_MAX_DATA);
    rc = gntsim_dma_read(r->w, id, (uint64_t)sc_int(r, s, "bus", 0), buf, (size_t)len);
    sc_set_int(r, "rc", rc);
    if (!rc)
        sc_set_bytes(r, "bytes", buf, (size_t)len);
    return 0;
}

int sc_exec_dma_write(struct sc_run *r, const struct sc_stmt *s)
{
    size_t len = 0;
    const uint8_t *b = sc_data(r, s, "data", &len);
    unsigned id;

    if (device_id(r, s, &id))
        return -1;
    sc_set_int(r, "rc",
               gntsim_dma_write(r->w, id, (uint64_t)sc_int(r, s, "bus", 0), b, len));
    return 0;
}

int sc_exec_fault(struct sc_run *r, const struct sc_stmt *s)
{
    struct gntsim_smmu_fault f;
    char text[80];

    (void)s;
    if (gntsim_smmu_last_fault(r->w, &f)) {
        sc_set_str(r, "fault", "none");
        return 0;
    }
    snprintf(text, sizeof(text), "fsr=%#x far=%#" PRIx64 " fsynr=%#x cb=%u", f.fsr, f.far,
             f.fsynr0, f.cb);
    sc_set_str(r, "fault", text);
    sc_set_int(r, "fsr", f.fsr);
    sc_set_int(r, "far", (int64_t)f.far);
    sc_set_int(r, "fsynr", f.fsynr0);
    sc_set_int(r, "cb", f.cb);
    sc_set_int(r, "sid", f.sid);
    return 0;
}
