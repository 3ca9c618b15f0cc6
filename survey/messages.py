"""Every sentence survey/ and `doorstep forms` show to people, in Chinese and English."""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang, text

MESSAGES: dict[str, dict[str, str]] = {
    "problem_line": {"zh": "{where}：{what}", "en": "{where}: {what}"},
    # where a problem of a form file is
    "problem_where": {"zh": "{file}：题目 {question}，列 {column}",
                      "en": "{file}: question {question}, column {column}"},
    "problem_where_pos": {"zh": "{file}：题目 {question}，列 {column}，第 {pos} 个字符处",
                          "en": "{file}: question {question}, column {column}, at character {pos}"},
    # expressions
    "expr_at": {"zh": "{what}（第 {pos} 个字符处）", "en": "{what} (at character {pos})"},
    "expr_unclosed_string": {"zh": "字符串缺少结束引号", "en": "string is not closed"},
    "expr_unclosed_ref": {"zh": "${{ 缺少结束的 }}", "en": "${{ is not closed with }}"},
    "expr_bad_char": {"zh": "无法识别的字符“{char}”", "en": "unexpected character '{char}'"},
    "expr_bad_ref": {"zh": "引用中的题目名“{name}”不合法", "en": "'{name}' is not a valid question name"},
    "expr_too_deep": {"zh": "表达式嵌套过深", "en": "expression is nested too deeply"},
    "expr_missing_operand": {"zh": "“{token}”前缺少操作数", "en": "'{token}' has no left operand"},
    "expr_unexpected_end": {"zh": "表达式不完整", "en": "expression ends too early"},
    "expr_unexpected": {"zh": "此处不应出现“{token}”", "en": "unexpected '{token}'"},
    "expr_unclosed_paren": {"zh": "括号没有闭合", "en": "parenthesis is not closed"},
    "expr_not_text": {"zh": "表达式必须是文本", "en": "an expression must be text"},
    "expr_empty": {"zh": "表达式为空", "en": "expression is empty"},
    "expr_unknown_ref": {"zh": "引用了不存在的题目 ${{{name}}}", "en": "unknown question ${{{name}}}"},
    "expr_ref_to_group": {"zh": "${{{name}}} 是分组，没有答案可引用",
                          "en": "${{{name}}} is a group and has no value"},
    "expr_dot_outside_constraint": {"zh": "“.”（当前答案）只能用于 constraint",
                                    "en": "'.' (the current answer) is only allowed in constraint"},
    "expr_bare_name": {"zh": "“{name}”不是函数也不是引用；引用题目请写 ${{{name}}}",
                       "en": "'{name}' is neither a function nor a reference; write ${{{name}}}"},
    "expr_unknown_column": {"zh": "选项表 {list} 没有列“{name}”",
                            "en": "choice list {list} has no column '{name}'"},
    "expr_unknown_function": {"zh": "未知函数 {name}()", "en": "unknown function {name}()"},
    "expr_arity": {"zh": "{name}() 需要 {expected} 个参数，实际 {got} 个",
                   "en": "{name}() takes {expected} arguments, got {got}"},
    "expr_choice_name_target": {"zh": "jr:choice-name 的第二个参数必须是单选或多选题，如 '${{q}}'",
                                "en": "jr:choice-name's second argument must name a select question, "
                                      "like '${{q}}'"},
    "expr_bad_regex": {"zh": "正则表达式“{pattern}”无效", "en": "invalid regular expression '{pattern}'"},
    "form_spaced_choice_multiple": {
        "zh": "列表 {list} 有含空格的选项名：多选答案以空格分隔，含空格的选项名只能用于单选",
        "en": "list {list} has choice names with spaces: a select_multiple answer is names separated by "
              "spaces, so such names work only in a select_one"},
    "form_trigger_elsewhere": {"zh": "trigger 引用的 ${{{name}}} 在另一个重复组中",
                               "en": "the trigger ${{{name}}} is in another repeat"},
    "form_trigger_without_calculation": {"zh": "有 trigger 的题目需要 calculation（触发时填入的值）",
                                         "en": "a question with a trigger needs a calculation (the value it "
                                               "takes when triggered)"},
    "form_bad_summary": {"zh": "summary 只能是 sum，且只用于整数、小数或计算题（得到“{value}”）",
                         "en": "summary can only be sum, on an integer, decimal or calculate (got"
                               " '{value}')"},
    "expr_position_argument": {"zh": "position() 只接受 ..（当前重复项）",
                               "en": "position() takes only .. (this entry)"},
    "expr_parent_outside_position": {"zh": "“..”只能写在 position(..) 中",
                                     "en": "'..' is only allowed in position(..)"},
    "expr_regex_lookaround": {
        "zh": "正则表达式“{pattern}”使用了前瞻或后顾 (?=…)、(?!…)、(?<=…)："
              "doorstep 以线性时间运行正则，不支持此写法",
        "en": "regular expression '{pattern}' uses look-ahead or look-behind ((?=...), (?!...), (?<=...)): "
              "doorstep runs patterns in linear time, which rules these out"},
    "expr_regex_backreference": {
        "zh": "正则表达式“{pattern}”使用了反向引用（\\1 等）：doorstep 以线性时间运行正则，不支持此写法",
        "en": "regular expression '{pattern}' uses a back-reference (\\1 and the like): doorstep runs "
              "patterns in linear time, which rules these out"},
    # form files
    "answer_not_geopoint": {"zh": "应为坐标：纬度 经度（十进制度数，如 31.2304 121.4737），纬度 -90"
                                  " 至 90，经度 -180 至 180",
                            "en": "must be coordinates: latitude longitude in decimal degrees (like "
                                  "31.2304 121.4737), latitude -90 to 90, longitude -180 to 180"},
    "answer_geotrace_short": {"zh": "路线至少需要两个点，用分号 ; 分隔",
                              "en": "a line needs at least two points, separated by ;"},
    "answer_geoshape_short": {"zh": "区域至少需要三个点，用分号 ; 分隔",
                              "en": "an area needs at least three points, separated by ;"},
    # XLSForm import (survey/xlsform.py): where, and what could not be imported or was mapped
    "xlsform_where_row": {"zh": "{file}：工作表 {sheet} 第 {row} 行，列 {column}",
                          "en": "{file}: sheet {sheet}, row {row}, column {column}"},
    "xlsform_where": {"zh": "{file}：工作表 {sheet}，列 {column}",
                      "en": "{file}: sheet {sheet}, column {column}"},
    "xlsform_bad_suffix": {"zh": "不是 XLSForm 工作簿（{suffix}）：请给出 .xlsx 或 .xls 文件",
                           "en": "not an XLSForm workbook ({suffix}): give an .xlsx or .xls file"},
    "xlsform_not_xlsx": {"zh": "文件不是有效的 .xlsx 工作簿（已损坏，或是改了扩展名的其他文件）",
                         "en": "the file is not a valid .xlsx workbook (damaged, or another kind of"
                               " file renamed)"},
    "xlsform_too_big": {"zh": "工作簿太大（{size} MB，上限 {limit} MB）",
                        "en": "the workbook is too big ({size} MB, the limit is {limit} MB)"},
    "xlsform_unreadable": {"zh": "无法读取工作簿：{why}", "en": "cannot read the workbook: {why}"},
    "xlsform_control_character": {"zh": "此格含控制字符（如 ESC）：请删去后再导入",
                                  "en": "this cell holds a control character (such as ESC): delete it "
                                        "and import again"},
    "xlsform_no_survey": {"zh": "没有 survey 工作表（工作簿中有：{sheets}）",
                          "en": "there is no survey sheet (the workbook has: {sheets})"},
    "xlsform_missing_type": {"zh": "此行没有 type", "en": "this row has no type"},
    "xlsform_missing_name": {"zh": "此行没有 name", "en": "this row has no name"},
    "xlsform_unknown_type": {"zh": "未知的题型“{value}”", "en": "unknown question type '{value}'"},
    "xlsform_select_list": {"zh": "选择题应写作 select_one 列表名（得到“{value}”）",
                            "en": "a select is written select_one LIST_NAME (got '{value}')"},
    "xlsform_from_file": {
        "zh": "doorstep 只能从工作簿旁的 .csv 文件读取选项（{attachment} 不是）：请改用 .csv 或"
              " choices 工作表",
        "en": "doorstep reads choices only from a .csv file beside the workbook ({attachment} is not one): "
              "use a .csv or the choices sheet"},
    "xlsform_csv_missing": {"zh": "找不到选项文件 {attachment}：请把它放在工作簿旁边",
                            "en": "the choices file {attachment} is not there: put it beside the workbook"},
    "xlsform_csv_too_big": {"zh": "选项文件 {attachment} 太大（上限 {limit} MB、两万行）",
                            "en": "the choices file {attachment} is too big (the limit is {limit}"
                                  " MB, 20,000 rows)"},
    "xlsform_csv_encoding": {"zh": "选项文件 {attachment} 既不是 UTF-8 也不是 GB18030 编码",
                             "en": "the choices file {attachment} is neither UTF-8 nor GB18030"},
    "xlsform_csv_no_column": {"zh": "选项文件 {attachment} 没有列 {column}",
                              "en": "the choices file {attachment} has no column {column}"},
    "xlsform_csv_row": {"zh": "选项文件 {attachment} 第 {row} 行的 {column} 为空",
                        "en": "row {row} of the choices file {attachment} has no {column}"},
    "xlsform_csv_syntax": {"zh": "选项文件 {attachment} 从第 {row} 行起不是有效的 CSV"
                                 "（一格的引号没有闭合，或一格超过 {limit} 个字符）",
                           "en": "the choices file {attachment} is not valid CSV from row {row} on (a "
                                 "cell's quote is not closed, or a cell is longer than {limit} characters)"},
    "xlsform_csv_cell": {"zh": "选项文件 {attachment} 第 {row} 行的 {column} 含控制字符",
                         "en": "row {row} of the choices file {attachment} has a control character in "
                               "{column}"},
    "xlsform_csv_duplicate": {"zh": "选项文件 {attachment} 第 {row} 行的选项“{name}”与第 {first} 行重复",
                              "en": "row {row} of the choices file {attachment} repeats the choice "
                                    "'{name}' of row {first}"},
    "xlsform_csv_empty": {"zh": "选项文件 {attachment} 没有选项",
                          "en": "the choices file {attachment} has no choices"},
    "xlsform_csv_read": {"zh": "选项文件 {attachment} 的 {count} 个选项已写入表单（随表单发送）",
                         "en": "the {count} choices of {attachment} are written into the form (they"
                               " travel with it)"},
    "xlsform_table_missing": {"zh": "找不到数据文件 {attachment}：请把它放在工作簿旁边",
                              "en": "the data file {attachment} is not there: put it beside the workbook"},
    "xlsform_table_too_big": {"zh": "数据文件 {attachment} 太大（上限 {limit} MB、{rows} 行）",
                              "en": "the data file {attachment} is too big (the limit is {limit} MB, "
                                    "{rows} rows)"},
    "xlsform_table_encoding": {"zh": "数据文件 {attachment} 既不是 UTF-8 也不是 GB18030 编码",
                               "en": "the data file {attachment} is neither UTF-8 nor GB18030"},
    "xlsform_table_header": {"zh": "数据文件 {attachment} 第 {column} 列的列名“{header}”不可用"
                                   "（字母开头的名称，且不重复）",
                             "en": "column {column} of the data file {attachment} cannot be named "
                                   "'{header}' (a name starting with a letter, used once)"},
    "xlsform_table_cell": {"zh": "数据文件 {attachment} 第 {row} 行第 {column} 列："
                                 "含控制字符，或列数多于表头",
                           "en": "the data file {attachment}, row {row}, column {column}: a control "
                                 "character, or more columns than the header has"},
    "xlsform_table_syntax": {"zh": "数据文件 {attachment} 从第 {row} 行起不是有效的 CSV"
                                   "（一格的引号没有闭合，或一格超过 {limit} 个字符）",
                             "en": "the data file {attachment} is not valid CSV from row {row} on (a "
                                   "cell's quote is not closed, or a cell is longer than {limit} "
                                   "characters)"},
    "xlsform_table_empty": {"zh": "数据文件 {attachment} 没有数据行",
                            "en": "the data file {attachment} has no rows"},
    "xlsform_table_read": {"zh": "数据文件 {attachment} 的 {count} 行已写入表单，"
                                 "供 {function} 查找（随表单发送）",
                           "en": "the {count} rows of {attachment} are written into the form for "
                                 "{function} (they travel with it)"},
    "xlsform_lookup_name": {"zh": "{function} 的表名须是加引号的名称",
                            "en": "{function} must name its table in quotes"},
    "xlsform_paths": {"zh": "表达式中的路径（/data/.../名称）改写为 ${{名称}}",
                      "en": "paths in expressions (/data/.../name) are written ${{name}}"},
    "xlsform_rank_as_order": {"zh": "排序题改为按顺序多选：答案是全部选项名，按排名先后",
                              "en": "the rank is chosen in order: the answer is every choice's name, "
                                    "in rank order, as ODK stores it"},
    "xlsform_parameters_ignored": {"zh": "参数 {names} 在 doorstep 中不起作用（选项顺序、相机、"
                                         "精度等），已忽略",
                                   "en": "the parameters {names} do nothing in doorstep (choice"
                                         " order, camera, "
                                         "accuracy, ...) and were left out"},
    "xlsform_loop": {"zh": "doorstep 不支持 begin loop：请改用 begin repeat",
                     "en": "doorstep does not run begin loop: use begin repeat"},
    "xlsform_external_instance": {"zh": "doorstep 尚不支持外部数据文件（{type}）",
                                  "en": "doorstep cannot yet use external data files ({type})"},
    "xlsform_read_only_expression": {"zh": "read_only 应为 yes 或 no（得到“{value}”）",
                                     "en": "read_only must be yes or no (got '{value}')"},
    "xlsform_duplicate_name": {"zh": "题目名“{name}”已在第 {first} 行使用：doorstep"
                                     " 要求名称在整个表单中唯一（不只在分组内）",
                               "en": "the name '{name}' is already used on row {first}: doorstep"
                                     " needs names unique "
                                     "in the whole form (not only within a group)"},
    "xlsform_choice_without_list": {"zh": "选项没有 list_name", "en": "the choice has no list_name"},
    "xlsform_choice_without_name": {"zh": "列表 {list} 的选项没有 name",
                                    "en": "a choice of list {list} has no name"},
    "xlsform_choice_name_space": {
        "zh": "列表 {list} 的选项名“{name}”含空格或换行，而此列表用于多选题：多选答案以空格分隔",
        "en": "choice name '{name}' of list {list} holds a space or a line break and the list is used by a "
              "select_multiple, whose answer is names separated by spaces"},
    "xlsform_duplicate_choice": {"zh": "列表 {list} 中选项名“{name}”重复（第一次在第 {first} 行）；"
                                       "若有意为之，请在 settings"
                                       " 中设 allow_choice_duplicates = yes",
                                 "en": "choice name '{name}' appears twice in list {list} (first on"
                                       " row {first}); "
                                       "if that is meant, set allow_choice_duplicates = yes in settings"},
    "xlsform_range_parameter": {"zh": "range 的参数 {key}=“{value}”不是数字",
                                "en": "range parameter {key}='{value}' is not a number"},
    # notices: imported, but not as written
    "xlsform_notice": {"zh": "注意：{what}", "en": "note: {what}"},
    "xlsform_name_scoped": {
        "zh": "名称“{name}”已在第 {first} 行的另一分组中使用：此处改名为“{value}”（doorstep"
              " 要求名称在整个表单中唯一）",
        "en": "the name '{name}' is also used in another group, on row {first}: here it is renamed "
              "'{value}' (doorstep needs names unique in the whole form)"},
    "xlsform_setting_ignored": {"zh": "设置 {column} 不被 doorstep 使用，已忽略",
                                "en": "the setting {column} is not used by doorstep and was left out"},
    "xlsform_column_ignored": {"zh": "列 {column} 不被 doorstep 使用，已忽略",
                               "en": "the column {column} is not used by doorstep and was left out"},
    "xlsform_media_ignored": {"zh": "媒体列 {column}（图片、声音、视频）在终端中无法显示，已忽略",
                              "en": "the media column {column} (images, sound, video) cannot be shown in a "
                                    "terminal and was left out"},
    "xlsform_id_normalised": {"zh": "表单 id“{given}”写作“{value}”（小写字母、数字、下划线）",
                              "en": "form id '{given}' is written '{value}' (lower-case letters, digits, _)"},
    "xlsform_id_derived": {"zh": "settings 中没有 form_id：使用“{value}”",
                           "en": "no form_id in settings: '{value}' is used"},
    "xlsform_version_derived": {"zh": "settings 中没有 version：按表单内容取为“{value}”（"
                                      "同一工作簿得到同一版本，改动后版本随之改变）",
                                "en": "no version in settings: '{value}' is derived from the form's"
                                      " content (the "
                                      "same workbook gives the same version, a change gives another)"},
    "xlsform_meta_empty": {"zh": "{type} 在笔记本电脑上没有值，保留为空",
                           "en": "{type} has no value on a laptop and stays empty"},
    "xlsform_audit_dropped": {"zh": "{type} 未导入：doorstep 自己记录每个答案的审计日志",
                              "en": "{type} was left out: doorstep keeps its own audit log of every answer"},
    "xlsform_attachment": {"zh": "{type} 题改为提示：附件（照片、声音、文件、签名）在服务站采集",
                           "en": "the {type} question is a note: the attachment (photo, sound, file,"
                                 " signature) "
                                 "is made at the office"},
    "xlsform_geo": {"zh": "位置题（{type}）改为输入坐标：纬度 经度（十进制度数），路线和区域的各点以 ; 分隔",
                    "en": "location questions ({type}) are typed as coordinates: latitude longitude"
                          " in decimal "
                          "degrees, the points of a line or area separated by ;"},
    "xlsform_barcode": {"zh": "条码题由手持扫描枪读入（或手工输入）",
                        "en": "barcode questions are read by the handheld scanner (or typed)"},
    "xlsform_range": {"zh": "range 题改为输入 {low} 至 {high} 的数字",
                      "en": "the range is typed as a number from {low} to {high}"},
    "xlsform_duplicate_choice_merged": {"zh": "列表 {list} 中重复的选项“{name}”只保留第一个（答案相同）",
                                        "en": "the repeated choice '{name}' of list {list} is kept"
                                              " once (the answer is "
                                              "the same)"},
    "xlsform_choice_label_from_name": {"zh": "列表 {list} 中没有标签的选项以其 name 显示",
                                       "en": "choices of list {list} without a label show their name"},
    "cli_import_ok": {"zh": "已导入 {file} → {out}：表单 {form_id}，版本 {version}，{count} 题",
                      "en": "imported {file} -> {out}: form {form_id}, version {version}, {count} questions"},
    "cli_import_bad": {"zh": "{file}：发现 {count} 个问题，未写出表单",
                       "en": "{file}: {count} problems found, no form written"},
    "form_unreadable": {"zh": "无法读取文件：{why}", "en": "cannot read the file: {why}"},
    "form_not_utf8": {"zh": "文件不是 UTF-8 编码（第 {offset} 字节）",
                      "en": "the file is not UTF-8 (byte {offset})"},
    "form_syntax": {"zh": "文件格式错误：{why}", "en": "syntax error: {why}"},
    "form_not_table": {"zh": "文件顶层必须是表", "en": "the file must hold a table at the top"},
    "form_bad_label": {"zh": "应为文本或按语言的文本表 {{zh = ..., en = ...}}",
                       "en": "must be text or a table of texts per language {{zh = ..., en = ...}}"},
    "form_not_text": {"zh": "应为文本", "en": "must be text"},
    "form_missing_table": {"zh": "缺少 [{table}]", "en": "[{table}] is missing"},
    "form_unknown_table": {"zh": "未知的表 [{table}]", "en": "unknown table [{table}]"},
    "form_unknown_column": {"zh": "未知的列“{column}”（拼写错误？）",
                            "en": "unknown column '{column}' (a typo?)"},
    "form_bad_id": {"zh": "表单 id“{value}”无效（小写字母、数字、下划线）",
                    "en": "form id '{value}' is invalid (lower-case letters, digits, underscores)"},
    "form_missing_meta": {"zh": "缺少 {column}", "en": "{column} is missing"},
    "form_bad_language": {"zh": "默认语言“{value}”不受支持（zh 或 en）",
                          "en": "default language '{value}' is not supported (zh or en)"},
    "form_bad_choices": {"zh": "选项表 {list} 应为非空的 [[choices.{list}]] 数组",
                         "en": "choice list {list} must be a non-empty [[choices.{list}]] array"},
    "form_choice_without_name": {"zh": "选项表 {list} 中有选项缺少 name",
                                 "en": "a choice in list {list} has no name"},
    "form_bad_choice_name": {"zh": "选项表 {list} 的选项名“{name}”不能含空格",
                             "en": "choice name '{name}' in list {list} must not contain spaces"},
    "form_duplicate_choice": {"zh": "选项表 {list} 中选项“{name}”重复",
                              "en": "choice '{name}' appears twice in list {list}"},
    "form_missing_label": {"zh": "缺少标签", "en": "label is missing"},
    "form_row_not_table": {"zh": "题目行必须是表", "en": "a survey row must be a table"},
    "form_unknown_type": {"zh": "未知的题型“{value}”", "en": "unknown question type '{value}'"},
    "form_end_without_begin": {"zh": "end {kind} 没有对应的 begin {kind}",
                               "en": "end {kind} without a begin {kind}"},
    "form_end_mismatch": {"zh": "end {kind} 与尚未结束的 {opened} 不匹配",
                          "en": "end {kind} does not match the open {opened}"},
    "form_missing_name": {"zh": "缺少 name", "en": "name is missing"},
    "form_bad_name": {"zh": "名称“{value}”无效（字母、数字、下划线，不以数字开头）",
                      "en": "name '{value}' is invalid (letters, digits, underscores; no leading digit)"},
    "form_unclosed": {"zh": "begin {kind} 没有对应的 end {kind}", "en": "begin {kind} is never ended"},
    "form_bad_bool": {"zh": "应为 true 或 false", "en": "must be true or false"},
    "form_duplicate_name": {"zh": "题目名重复", "en": "this name is used twice"},
    "form_select_without_list": {"zh": "选择题缺少选项表（如 select_one yes_no）",
                                 "en": "a select needs its choice list (like select_one yes_no)"},
    "form_unknown_list": {"zh": "选项表 {list} 不存在", "en": "choice list {list} does not exist"},
    "form_unexpected_list": {"zh": "只有选择题才带选项表（{list}）",
                             "en": "only selects take a choice list ({list})"},
    "form_calculate_without_calculation": {"zh": "calculate 题缺少 calculation",
                                           "en": "a calculate question needs a calculation"},
    "form_calculation_not_calculate": {"zh": "只有 calculate 题可以有 calculation",
                                       "en": "only calculate questions take a calculation"},
    "form_repeat_count_outside_repeat": {"zh": "repeat_count 只能用于 begin repeat",
                                         "en": "repeat_count belongs on a begin repeat row"},
    "form_nested_repeat": {"zh": "重复组最多嵌套 {depth} 层", "en": "repeats nest at most {depth} deep"},
    "form_choice_filter_without_select": {"zh": "choice_filter 只能用于选择题",
                                          "en": "choice_filter is only for select questions"},
    "form_save_to_not_allowed": {"zh": "save_to 只能用于重复组之外、有答案的题目",
                                 "en": "save_to is only for questions with a value, outside repeats"},
    "form_cycle": {"zh": "循环依赖：{path}", "en": "circular dependency: {path}"},
    # answers
    "answer_not_integer": {"zh": "请输入整数（如 12）", "en": "enter a whole number (like 12)"},
    "answer_not_number": {"zh": "请输入数字（如 12 或 12.5）", "en": "enter a number (like 12 or 12.5)"},
    "answer_too_many_digits": {"zh": "数字位数过多（最多 18 位）", "en": "too many digits (at most 18)"},
    "answer_not_date": {"zh": "请输入日期，格式 2026-08-01", "en": "enter a date as 2026-08-01"},
    "form_bad_instance": {"zh": "表格“{name}”应是一组行，每行是 列 = \"文字\"",
                          "en": "the table '{name}' must be a list of rows, each column = \"text\""},
    "form_bad_instance_name": {"zh": "表格名“{name}”不可用"
                                     "（字母开头，仅字母、数字、_ . -；register 为保留名）",
                               "en": "'{name}' cannot name a table (a letter first, then letters, digits, "
                                     "_ . -; register is reserved)"},
    "form_bad_instance_column": {"zh": "表格“{name}”的“{column}”列：列名须是字母开头的名称，值须是文字",
                                 "en": "the table '{name}', column '{column}': a column is named by a "
                                       "letter first and holds text"},
    "form_instance_too_big": {"zh": "表格“{name}”太大（最多 {rows} 行、共 {cells} 格）",
                              "en": "the table '{name}' is too big (at most {rows} rows, "
                                    "{cells} cells in all)"},
    "xlsform_seed": {"zh": "seed 须是数字或对题目的引用 ${{名称}}（得到“{value}”）",
                     "en": "seed must be a number or a reference ${{name}} to a question (got '{value}')"},
    "form_randomize_without_select": {"zh": "只有选择题的选项才能打乱顺序（randomize）",
                                      "en": "only a select's choices can be randomized"},
    "form_seed_without_randomize": {"zh": "seed 只在 randomize 为 true 时起作用",
                                    "en": "seed only works with randomize = true"},
    "expr_instance_path": {"zh": "表格查找应写成 instance('表名')/root/item[列 = 值]/列",
                           "en": "a lookup is written instance('name')/root/item[column = value]/column"},
    "expr_instance_filter": {"zh": "查找条件只能是“列 = 值”，多个条件用 and 连接",
                             "en": "a lookup's filter can only be column = value, joined by and"},
    "expr_unknown_instance": {"zh": "表单没有名为“{name}”的表格（随表单附带的 CSV 或选项列表）",
                              "en": "the form has no table named '{name}' (a CSV that travels with it, "
                                    "or a choice list)"},
    "expr_unknown_instance_column": {"zh": "表格“{name}”没有“{column}”列",
                                     "en": "the table '{name}' has no column '{column}'"},
    "expr_pulldata_literal": {"zh": "pulldata() 的前三个参数须是加引号的名称，"
                                    "如 pulldata('towns', 'phone', 'code', ${{town}})",
                              "en": "pulldata()'s first three arguments must be quoted names, like "
                                    "pulldata('towns', 'phone', 'code', ${{town}})"},
    "answer_not_time": {"zh": "请输入时间，如 14:30 或 下午2点30分", "en": "enter a time of day, like 14:30"},
    "answer_not_datetime": {"zh": "请输入日期和时间，如 2026-08-01 14:30",
                            "en": "enter a date and a time, like 2026-08-01 14:30"},
    "answer_not_ack": {"zh": "输入 OK 表示确认", "en": "enter OK to confirm"},
    "answer_not_choice": {"zh": "“{choice}”不是可选项", "en": "'{choice}' is not one of the choices"},
    "answer_not_choice_named": {"zh": "“{choice}”不是可选项", "en": "'{choice}' is not one of the choices"},
    "answer_too_many": {"zh": "只能选一项", "en": "choose only one"},
    "answer_required": {"zh": "此题必答", "en": "this question is required"},
    "answer_constraint": {"zh": "答案不符合要求", "en": "this answer is not allowed"},
    "answer_household_id_typo": {"zh": "户编码校验位不符，可能输错了一位，请重新扫描或核对",
                                 "en": "the household code's check character does not match: "
                                       "probably a typo, scan or check it again"},
    "answer_household_id_malformed": {"zh": "不是户编码（二维码标签上的数字和大写字母）",
                                      "en": "not a household code (the digits and capitals on "
                                            "the QR label)"},
    # engine
    "unknown_form": {"zh": "没有 id 为“{form_id}”的表单（可用：{known}）",
                     "en": "no form with id '{form_id}' (available: {known})"},
    "bad_slot": {"zh": "表单 {form_id} 中没有位置 {slot}", "en": "form {form_id} has no slot {slot}"},
    "bad_answers": {"zh": "答案数据格式错误（{name}）", "en": "the answers are malformed ({name})"},
    "read_only_slot": {"zh": "{slot} 是只读的", "en": "{slot} is read-only"},
    "not_a_repeat": {"zh": "{name} 不是可增删的重复组", "en": "{name} is not an open-ended repeat"},
    "entry_out_of_range": {"zh": "{name} 没有第 {index} 条", "en": "{name} has no entry {index}"},
    # `doorstep forms`
    "cli_list_header": {"zh": "ID\t版本\t题数\t标题", "en": "ID\tVERSION\tQUESTIONS\tTITLE"},
    "cli_check_ok": {"zh": "{file}：表单 {form_id}（版本 {version}）正常，{count} 道题",
                     "en": "{file}: form {form_id} (version {version}) is good, {count} questions"},
    "cli_check_bad": {"zh": "{file}：发现 {count} 个问题", "en": "{file}: problems found: {count}"},
    "cli_show_title": {"zh": "{title}（{form_id}，版本 {version}）",
                       "en": "{title} ({form_id}, version {version})"},
    "cli_show_instance_name": {"zh": "记录名称：{expr}", "en": "instance name: {expr}"},
    "cli_required": {"zh": "必答", "en": "required"},
    "cli_required_if": {"zh": "必答条件", "en": "required if"},
    "cli_relevant": {"zh": "显示条件", "en": "shown if"},
    "cli_constraint": {"zh": "约束", "en": "constraint"},
    "cli_calculation": {"zh": "计算", "en": "calculation"},
    "cli_choice_filter": {"zh": "选项过滤", "en": "choice filter"},
    "cli_repeat_count": {"zh": "重复次数", "en": "repeat count"},
    "cli_default": {"zh": "默认值", "en": "default"},
    "cli_read_only": {"zh": "只读", "en": "read-only"},
    "cli_save_to": {"zh": "写回花名册字段", "en": "updates register field"},
    "cli_choices": {"zh": "选项", "en": "choices"},
}


def t(key: str, lang: Lang, /, **params: Any) -> str:
    return text(MESSAGES, key, lang, **params)
