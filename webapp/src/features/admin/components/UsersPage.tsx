import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import type { User } from "../../../lib/api/client";
import { fieldErrors } from "../../../lib/ui/fields";
import { Checkbox, ErrorAlert, Fieldset, Select, SubmitButton, SuccessAlert, TextField } from "../../../lib/ui/Form";
import { RouteGuard } from "../../../lib/ui/RouteGuard";
import { may, useUser } from "../../../lib/useUser";
import { affiliations, useUpdateUser, useUserDetail, useUserSearch } from "../api/users";

const roles: User["roles"] = ["resident", "council", "moderator", "official", "admin"];

/** UsersPage lists users for admins, with a search kept in the URL (?q=). */
export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t("admin.usersTitle"));
  const me = useUser();
  const [sp, setSp] = useSearchParams();
  const q = sp.get("q") ?? "";
  const [draft, setDraft] = useState(q);
  const allowed = may(me, "administer_users");
  const list = useUserSearch(q, allowed);
  return (
    <RouteGuard title={t("admin.usersTitle")} allowed={allowed} who={t("admin.onlyAdmins")}>
      {() => <UserList list={list} setSp={setSp} draft={draft} setDraft={setDraft} />}
    </RouteGuard>
  );
}

function UserList({
  list,
  setSp,
  draft,
  setDraft,
}: {
  list: ReturnType<typeof useUserSearch>;
  setSp: ReturnType<typeof useSearchParams>[1];
  draft: string;
  setDraft: (v: string) => void;
}) {
  const { t } = useTranslation();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSp(draft.trim() ? { q: draft.trim() } : {});
  };
  return (
    <>
      <h1 className="kern-heading-x-large">{t("admin.usersTitle")}</h1>
      <form className="filter-form" role="search" aria-label={t("admin.search")} onSubmit={submit}>
        <TextField id="user-q" label={t("admin.search")} type="search" value={draft} onChange={setDraft} />
        <div className="form-actions">
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t("admin.searchSubmit")}</span>
          </button>
        </div>
      </form>
      {list.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : (
        <>
          <p className="kern-body" role="status" aria-live="polite">
            {t("admin.shown", { count: items.length })}
          </p>
          <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={t("admin.usersTitle")}>
            <table className="kern-table kern-table--small">
              <caption className="kern-sr-only">{t("admin.usersTitle")}</caption>
              <thead className="kern-table__header">
                <tr>
                  <th scope="col">{t("account.name")}</th>
                  <th scope="col">{t("login.email")}</th>
                  <th scope="col">{t("account.roles")}</th>
                  <th scope="col">{t("admin.state")}</th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      <Link to={`/verwaltung/benutzer/${encodeURIComponent(u.id)}`} className="kern-link">
                        {u.display_name}
                      </Link>
                    </td>
                    <td>{u.email}</td>
                    <td>{u.roles.map((r) => t(`role.${r}`)).join(", ")}</td>
                    <td>
                      {u.disabled ? t("admin.disabled") : t("admin.active")}
                      {!u.email_verified && `, ${t("account.unverified")}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && (
            <p className="load-more">
              <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void list.fetchNextPage()}>
                <span className="kern-label">{t("projects.loadMore")}</span>
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}

/** UserEditPage changes a user's roles, affiliation, department and disabled flag (admin). */
export function UserEditPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const me = useUser();
  const allowed = may(me, "administer_users");
  const q = useUserDetail(id, allowed);
  usePageTitle(t("admin.editTitle", { name: q.data?.display_name ?? "" }));
  return (
    <RouteGuard title={t("admin.usersTitle")} allowed={allowed && q.isPending ? undefined : allowed} error={q.error} who={t("admin.onlyAdmins")}>
      {() => q.data && <UserForm key={q.data.id} u={q.data} />}
    </RouteGuard>
  );
}

function UserForm({ u }: { u: User }) {
  const { t } = useTranslation();
  const [r, setR] = useState<User["roles"]>(u.roles);
  const [affiliation, setAffiliation] = useState<string>(u.affiliation ?? "");
  const [department, setDepartment] = useState(u.department ?? "");
  const [disabled, setDisabled] = useState(u.disabled);
  const save = useUpdateUser(u.id);
  const fe = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      roles: r,
      affiliation: (r.includes("council") ? affiliation : "") as (typeof affiliations)[number] | "",
      department: r.includes("official") ? department.trim() : "",
      disabled,
    });
  };
  return (
    <>
      <p className="kern-body breadcrumb">
        <Link to="/verwaltung/benutzer" className="kern-link">
          {t("admin.back")}
        </Link>
      </p>
      <h1 className="kern-heading-x-large">{t("admin.editTitle", { name: u.display_name })}</h1>
      <p className="kern-body">{u.email}</p>
      {save.isSuccess && <SuccessAlert>{t("account.saved")}</SuccessAlert>}
      {save.isError && <ErrorAlert error={save.error} />}
      <form className="stack-form" onSubmit={submit} noValidate>
        <Fieldset id="u-roles" legend={t("account.roles")} error={fe.roles}>
          {roles.map((role) => (
            <Checkbox
              key={role}
              id={`u-role-${role}`}
              label={t(`role.${role}`)}
              checked={r.includes(role)}
              onChange={(on) => setR(on ? [...r, role] : r.filter((x) => x !== role))}
            />
          ))}
        </Fieldset>
        {r.includes("council") && (
          <Select
            id="u-affiliation"
            label={t("field.affiliation")}
            value={affiliation}
            onChange={setAffiliation}
            error={fe.affiliation}
            options={[{ value: "", label: t("projects.filter.any") }, ...affiliations.map((a) => ({ value: a, label: t(`affiliation.${a}`) }))]}
          />
        )}
        {r.includes("official") && <TextField id="u-department" label={t("field.department")} value={department} onChange={setDepartment} error={fe.department} />}
        <Checkbox id="u-disabled" label={t("admin.disableAccount")} checked={disabled} onChange={setDisabled} error={fe.disabled} />
        <div className="form-actions">
          <SubmitButton pending={save.isPending} label={t("form.save")} pendingLabel={t("form.saving")} />
        </div>
      </form>
    </>
  );
}
