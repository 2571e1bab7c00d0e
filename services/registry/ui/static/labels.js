/* Chinese names of the register's coded values (the API speaks codes). ES5 only. */
var REGISTRY_LABELS = {
  education: [["none", "未上学"], ["primary", "小学"], ["junior_high", "初中"],
              ["senior_high", "高中"], ["vocational", "中专/技校"], ["college", "大专"],
              ["bachelor_plus", "本科及以上"]],
  health: [["healthy", "健康"], ["chronic_illness", "慢性病"], ["disabled", "残疾"]],
  marital_status: [["single", "未婚"], ["married", "已婚"], ["divorced", "离异"], ["widowed", "丧偶"]],
  status: [["surplus", "农村富余劳动力"], ["migrant", "外出务工"], ["returned", "返乡"],
           ["entrepreneur", "返乡创业"]],
  sex: [["male", "男"], ["female", "女"]]
};

function registryLabel(kind, code) {
  var list = REGISTRY_LABELS[kind] || [];
  var i;
  for (i = 0; i < list.length; i++) {
    if (list[i][0] === code) { return list[i][1]; }
  }
  return code === null || code === undefined ? "" : code;
}
