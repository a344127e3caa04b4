//! The canonical schema v1 (SCHEMA.md) as data: keys, printed labels and the
//! value containers of the three tables. Writers walk [`Report::leaves`]
//! so every output has the same columns in the same (schema) order.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Which national format the tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, JsonSchema)]
pub enum Template {
    #[default]
    #[serde(rename = "2021")]
    T2021,
    #[serde(rename = "2019")]
    T2019,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::T2021 => "2021",
            Template::T2019 => "2019",
        }
    }

    /// The 表二 items of this template: (key, label, fields as (key, label)).
    pub fn active_items(self) -> &'static [Item] {
        match self {
            Template::T2021 => ACTIVE_2021,
            Template::T2019 => ACTIVE_2019,
        }
    }
}

pub type Fields = &'static [(&'static str, &'static str)];
pub type Item = (&'static str, &'static str, Fields);

const DOC_2021: Fields = &[("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")];
const DECISIONS_2021: Fields = &[("decisions", "本年处理决定数量")];

pub const ACTIVE_2021: &[Item] = &[
    ("regulations", "规章", DOC_2021),
    ("normative_documents", "行政规范性文件", DOC_2021),
    ("licensing", "行政许可", DECISIONS_2021),
    ("penalties", "行政处罚", DECISIONS_2021),
    ("coercion", "行政强制", DECISIONS_2021),
    ("fees", "行政事业性收费", &[("amount", "本年收费金额（万元）")]),
];

const DOC_2019: Fields =
    &[("produced", "本年新制作数量"), ("published", "本年新公开数量"), ("total_published", "对外公开总数量")];
const ITEMS_2019: Fields =
    &[("previous_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")];

pub const ACTIVE_2019: &[Item] = &[
    ("regulations", "规章", DOC_2019),
    ("normative_documents", "规范性文件", DOC_2019),
    ("licensing", "行政许可", ITEMS_2019),
    ("other_services", "其他对外管理服务事项", ITEMS_2019),
    ("penalties", "行政处罚", ITEMS_2019),
    ("coercion", "行政强制", ITEMS_2019),
    ("fees", "行政事业性收费", &[("previous_items", "上一年项目数量"), ("change", "本年增/减")]),
    ("procurement", "政府集中采购", &[("projects", "采购项目数量"), ("amount", "采购总金额（元）")]),
];

/// 表三 columns: the six applicant kinds and the total.
pub const APP_COLS: Fields = &[
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他组织"),
    ("total", "总计"),
];

/// 表三 rows, in schema order, with short labels for column headers.
pub const APP_ROWS: Fields = &[
    ("new_received", "本年新收"),
    ("carried_over", "上年结转"),
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
    ("denied_state_secret", "不予公开-国家秘密"),
    ("denied_other_law", "不予公开-法律行政法规禁止"),
    ("denied_three_safeties", "不予公开-三安全一稳定"),
    ("denied_third_party", "不予公开-第三方合法权益"),
    ("denied_internal_affairs", "不予公开-三类内部事务"),
    ("denied_process_info", "不予公开-四类过程性信息"),
    ("denied_enforcement_case", "不予公开-行政执法案卷"),
    ("denied_administrative_query", "不予公开-行政查询事项"),
    ("unable_not_held", "无法提供-本机关不掌握"),
    ("unable_needs_creation", "无法提供-需另行制作"),
    ("unable_unclear", "无法提供-补正后仍不明确"),
    ("rejected_petition", "不予处理-信访举报投诉"),
    ("rejected_duplicate", "不予处理-重复申请"),
    ("rejected_publication", "不予处理-公开出版物"),
    ("rejected_mass_repeat", "不予处理-大量反复申请"),
    ("rejected_confirmation", "不予处理-确认或重新出具"),
    ("other_no_correction", "其他处理-逾期不补正"),
    ("other_unpaid_fee", "其他处理-逾期未缴费"),
    ("other_misc", "其他处理-其他"),
    ("other", "其他处理"),
    ("total", "办理结果总计"),
    ("carried_forward", "结转下年度"),
];

pub const REVIEW_GROUPS: Fields = &[
    ("review", "行政复议"),
    ("lawsuit_direct", "行政诉讼-未经复议直接起诉"),
    ("lawsuit_after_review", "行政诉讼-复议后起诉"),
];

pub const REVIEW_FIELDS: Fields = &[
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

pub fn app_row_index(key: &str) -> Option<usize> {
    APP_ROWS.iter().position(|(k, _)| *k == key)
}

/// A number in a report: counts are integral, amounts may carry decimals.
/// Serialised as a JSON integer when integral, so counts read as counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// 表二 values, laid out as the template's items and fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveDisclosure {
    pub template: Template,
    values: Vec<Option<f64>>,
}

impl ActiveDisclosure {
    pub fn new(template: Template) -> Self {
        let n = template.active_items().iter().map(|(_, _, f)| f.len()).sum();
        ActiveDisclosure { template, values: vec![None; n] }
    }

    fn index(&self, item: &str, field: &str) -> Option<usize> {
        let mut i = 0;
        for (k, _, fields) in self.template.active_items() {
            if *k == item {
                return fields.iter().position(|(f, _)| *f == field).map(|p| i + p);
            }
            i += fields.len();
        }
        None
    }

    pub fn get(&self, item: &str, field: &str) -> Option<f64> {
        self.index(item, field).and_then(|i| self.values[i])
    }

    pub fn slot(&mut self, item: &str, field: &str) -> Option<&mut Option<f64>> {
        self.index(item, field).map(|i| &mut self.values[i])
    }
}

impl Serialize for ActiveDisclosure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let mut i = 0;
        for (item, _, fields) in self.template.active_items() {
            let obj: Vec<(&str, Option<Num>)> =
                fields.iter().enumerate().map(|(j, (f, _))| (*f, self.values[i + j].map(Num))).collect();
            map.serialize_entry(item, &Obj(&obj))?;
            i += fields.len();
        }
        map.end()
    }
}

/// 表三: 26 rows × 7 columns of counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Applications {
    pub rows: [[Option<i64>; 7]; 26],
}

impl Applications {
    pub fn get(&self, row: &str, col: usize) -> Option<i64> {
        app_row_index(row).and_then(|r| self.rows[r][col])
    }
}

impl Serialize for Applications {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(APP_ROWS.len()))?;
        for ((row, _), values) in APP_ROWS.iter().zip(&self.rows) {
            let obj: Vec<(&str, Option<i64>)> = APP_COLS.iter().zip(values).map(|((c, _), v)| (*c, *v)).collect();
            map.serialize_entry(row, &Obj(&obj))?;
        }
        map.end()
    }
}

/// 表四: three groups × five fields of counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewsLawsuits {
    pub groups: [[Option<i64>; 5]; 3],
}

impl Serialize for ReviewsLawsuits {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        for ((group, _), values) in REVIEW_GROUPS.iter().zip(&self.groups) {
            let obj: Vec<(&str, Option<i64>)> = REVIEW_FIELDS.iter().zip(values).map(|((f, _), v)| (*f, *v)).collect();
            map.serialize_entry(group, &Obj(&obj))?;
        }
        map.end()
    }
}

/// A JSON object from ordered pairs.
struct Obj<'a, V>(&'a [(&'a str, V)]);

impl<V: Serialize> Serialize for Obj<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One leaf of the three tables: its dotted key path, a Chinese header, and
/// its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub path: String,
    pub label: String,
    pub value: Option<f64>,
}

/// Every leaf of the template in schema order (the wide CSV/XLSX columns).
pub fn leaf_names(template: Template) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (item, item_label, fields) in template.active_items() {
        for (f, f_label) in *fields {
            out.push((format!("active_disclosure.{item}.{f}"), format!("主动公开·{item_label}·{f_label}")));
        }
    }
    for (row, row_label) in APP_ROWS {
        for (col, col_label) in APP_COLS {
            out.push((format!("applications.{row}.{col}"), format!("依申请·{row_label}·{col_label}")));
        }
    }
    for (g, g_label) in REVIEW_GROUPS {
        for (f, f_label) in REVIEW_FIELDS {
            out.push((format!("reviews_lawsuits.{g}.{f}"), format!("{g_label}·{f_label}")));
        }
    }
    out
}

pub fn leaf_values(active: &ActiveDisclosure, apps: &Applications, reviews: &ReviewsLawsuits) -> Vec<Option<f64>> {
    let mut out: Vec<Option<f64>> = active.values.clone();
    out.extend(apps.rows.iter().flatten().map(|v| v.map(|x| x as f64)));
    out.extend(reviews.groups.iter().flatten().map(|v| v.map(|x| x as f64)));
    out
}

fn object_schema(fields: Fields, value: Schema) -> Schema {
    let mut props = serde_json::Map::new();
    for (k, label) in fields {
        let mut v = value.clone();
        v.insert("description".into(), (*label).into());
        props.insert((*k).into(), v.into());
    }
    let required: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
    json_schema!({ "type": "object", "properties": props, "required": required, "additionalProperties": false })
}

fn nullable(ty: &str) -> Schema {
    json_schema!({ "type": [ty, "null"] })
}

impl JsonSchema for ActiveDisclosure {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActiveDisclosure".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let variant = |items: &[Item], title: &str| {
            let mut props = serde_json::Map::new();
            for (k, label, fields) in items {
                let mut s = object_schema(fields, nullable("number"));
                s.insert("description".into(), (*label).into());
                props.insert((*k).into(), s.into());
            }
            json_schema!({ "title": title, "type": "object", "properties": props, "additionalProperties": false })
        };
        json_schema!({
            "description": "表二 主动公开政府信息情况; the shape depends on `template`",
            "oneOf": [variant(ACTIVE_2021, "2021 template"), variant(ACTIVE_2019, "2019 template")]
        })
    }
}

impl JsonSchema for Applications {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Applications".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut s = object_schema(APP_ROWS, object_schema(APP_COLS, nullable("integer")));
        s.insert("description".into(), "表三 收到和处理政府信息公开申请情况: 26 rows × 7 applicant columns".into());
        s
    }
}

impl JsonSchema for ReviewsLawsuits {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReviewsLawsuits".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut s = object_schema(REVIEW_GROUPS, object_schema(REVIEW_FIELDS, nullable("integer")));
        s.insert("description".into(), "表四 政府信息公开行政复议、行政诉讼情况".into());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_match_the_schema_shape() {
        assert_eq!(leaf_names(Template::T2021).len(), 10 + 26 * 7 + 15);
        assert_eq!(leaf_names(Template::T2019).len(), 22 + 26 * 7 + 15);
        let a = ActiveDisclosure::new(Template::T2019);
        let v = leaf_values(&a, &Applications::default(), &ReviewsLawsuits::default());
        assert_eq!(v.len(), leaf_names(Template::T2019).len());
    }

    #[test]
    fn serialises_in_schema_order_with_integral_counts() {
        let mut a = ActiveDisclosure::new(Template::T2021);
        *a.slot("fees", "amount").expect("slot") = Some(1809.71);
        *a.slot("regulations", "issued").expect("slot") = Some(3.0);
        let json = serde_json::to_string(&a).expect("json");
        assert!(json.starts_with(r#"{"regulations":{"issued":3,"repealed":null"#), "{json}");
        assert!(json.contains(r#""fees":{"amount":1809.71}"#), "{json}");
    }
}
