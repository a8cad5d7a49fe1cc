<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/adapters/compliance_data.py" line="86"/>
        <source>The unit layer has no {0} field</source>
        <translation>单元图层没有 {0} 字段</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/compliance_data.py" line="98"/>
        <source>The access-list table has no {0} or {1} field</source>
        <translation>准入清单表没有 {0} 或 {1} 字段</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/compliance_data.py" line="110"/>
        <source>The region layer has no {0} field</source>
        <translation>区域图层没有 {0} 字段</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="93"/>
        <source>{0}: no such file</source>
        <translation>{0}：文件不存在</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="104"/>
        <source>{0}: not an Excel workbook (.xlsx)</source>
        <translation>{0}：不是 Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="189"/>
        <source>GDAL has no XLSX driver</source>
        <translation>GDAL 没有 XLSX 驱动</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="213"/>
        <source>{0}: column {1} cannot be created</source>
        <translation>{0}：无法创建第 {1} 列</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="229"/>
        <source>{0}: a row cannot be written</source>
        <translation>{0}：无法写入一行数据</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="245"/>
        <source>Nothing to write: no header row</source>
        <translation>没有可写入的内容：缺少表头行</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="259"/>
        <source>{0}: GDAL wrote no file</source>
        <translation>{0}：GDAL 未写出文件</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/layers.py" line="259"/>
        <source>and {0} more</source>
        <translation>另有 {0} 处</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/layers.py" line="260"/>
        <source>Text longer than its field was shortened (row/field): {0} {1}</source>
        <translation>超出字段长度的文本已截短（行/字段）：{0} {1}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/layers.py" line="274"/>
        <source>Could not write feature {0}: {1}</source>
        <translation>无法写入第 {0} 个要素：{1}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/encoding.py" line="44"/>
        <source>not UTF-8; reads as common simplified Chinese in GB18030</source>
        <translation>不是 UTF-8；按 GB18030 读取为常用简体中文</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/encoding.py" line="44"/>
        <source>not UTF-8 nor common GB text; valid Big5</source>
        <translation>既不是 UTF-8 也不是常用国标文字；是有效的 Big5</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/encoding.py" line="44"/>
        <source>not UTF-8; GB18030 as the likeliest Chinese encoding</source>
        <translation>不是 UTF-8；GB18030 是最可能的中文编码</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/encoding.py" line="54"/>
        <source>{0}: the .dbf declares no encoding; reading it as {1} ({2}).</source>
        <translation>{0}：.dbf 未声明编码，按 {1} 读取（{2}）。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="105"/>
        <source>Cannot create the GeoPackage {0}</source>
        <translation>无法创建 GeoPackage {0}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="309"/>
        <source>{0}: table {1} cannot be opened</source>
        <translation>{0}：无法打开表 {1}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="320"/>
        <source>{0}: the style of {1} was not saved: {2}</source>
        <translation>{0}：{1} 的样式未能保存：{2}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="335"/>
        <source>Not a .gpkg path: {0}</source>
        <translation>不是 .gpkg 路径：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="339"/>
        <source>Invalid coordinate reference system</source>
        <translation>坐标参考系无效</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="382"/>
        <source>The relation between units and access list is not valid</source>
        <translation>单元与准入清单之间的关联无效</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="101"/>
        <source>cannot be opened</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="192"/>
        <source>cannot be created</source>
        <translation>无法创建</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/excel.py" line="207"/>
        <source>the sheet cannot be created</source>
        <translation>无法创建工作表</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/connection.py" line="67"/>
        <source>QGIS&apos;s PostgreSQL provider is not available.</source>
        <translation>QGIS 的 PostgreSQL 数据提供程序不可用。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/connection.py" line="82"/>
        <source>Cannot open the PostGIS connection: {0}</source>
        <translation>无法打开 PostGIS 连接：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/connection.py" line="94"/>
        <source>No saved PostGIS connection named &apos;{0}&apos;.</source>
        <translation>没有名为“{0}”的已保存 PostGIS 连接。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/connection.py" line="115"/>
        <source>The database refused a query: {0}</source>
        <translation>数据库拒绝执行查询：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="406"/>
        <source>The log table {0} cannot be created</source>
        <translation>无法创建日志表 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="421"/>
        <source>{0}: no such project database</source>
        <translation>{0}：工程库不存在</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="424"/>
        <source>{0}: cannot be opened for writing</source>
        <translation>{0}：无法以写入方式打开</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="440"/>
        <source>{0}: a log row cannot be written</source>
        <translation>{0}：无法写入日志记录</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/project_db.py" line="454"/>
        <source>{0}: cannot be opened</source>
        <translation>{0}：无法打开</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/publish.py" line="70"/>
        <source>Schema {0} exists; choose to replace or update it.</source>
        <translation>模式 {0} 已存在；请选择替换或更新该模式。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/publish.py" line="74"/>
        <source>Schema {0} holds other tables ({1}); it is not replaced.</source>
        <translation>模式 {0} 中还有其他表（{1}），不予替换。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/publish.py" line="118"/>
        <source>The new table {0} cannot be opened.</source>
        <translation>无法打开新建的表 {0}。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/publish.py" line="134"/>
        <source>Writing {0} to the database failed: {1}</source>
        <translation>将 {0} 写入数据库失败：{1}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="46"/>
        <source>the layers are not all PostGIS tables on one connection</source>
        <translation>图层不全是同一连接上的 PostGIS 表</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="48"/>
        <source>only the selected features are used</source>
        <translation>仅使用所选要素</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="51"/>
        <source>layer {0} has a filter</source>
        <translation>图层 {0} 设置了过滤条件</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="56"/>
        <source>table {0} has no primary key</source>
        <translation>表 {0} 没有主键</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="58"/>
        <source>a layer&apos;s coordinate reference system has no PostGIS SRID</source>
        <translation>有图层的坐标参考系没有 PostGIS SRID</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="65"/>
        <source>the project&apos;s area rule is the ellipsoidal area</source>
        <translation>工程的面积规则为椭球面积</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="67"/>
        <source>the working coordinate reference system is not CGCS2000</source>
        <translation>计算所用坐标参考系不是 CGCS2000</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="77"/>
        <source>Where to run</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="77"/>
        <source>Automatic: in the database when every input is a PostGIS table on one connection</source>
        <translation>自动：所有输入均为同一连接上的 PostGIS 表时在数据库中运行</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="77"/>
        <source>In QGIS</source>
        <translation>在 QGIS 中</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown.py" line="77"/>
        <source>In the database (PostGIS)</source>
        <translation>在数据库中（PostGIS）</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/postgis/pushdown_compliance.py" line="36"/>
        <source>The features of {0} near the projects cannot be read from the database.</source>
        <translation>无法从数据库读取项目附近的 {0} 要素。</translation>
    </message>
    <message>
        <location filename="../plugin/settings_page.py" line="26"/>
        <source>Automatic ({0})</source>
        <translation>自动（{0}）</translation>
    </message>
    <message>
        <location filename="../plugin/settings_page.py" line="42"/>
        <source>Overlay threads</source>
        <translation>叠加分析线程数</translation>
    </message>
    <message>
        <location filename="../plugin/settings_page.py" line="59"/>
        <source>EcoZoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/settings_page.py" line="28"/>
        <source>Delineation, the unit checks and the overlap analysis cut and merge polygons on this many threads. Automatic uses one per processor core, up to 4. Choose 1 to use a single core, for example while other heavy work runs on this computer.</source>
        <translation>划定管控单元、单元质检和叠加分析时用这么多个线程切分与合并图斑。“自动”按处理器核心数取值，最多 4 个。选 1 则只用一个核心，例如本机同时在运行其他繁重任务时。</translation>
    </message>
</context>
<context>
    <name>AccessListController</name>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="199"/>
        <source>No unit selected: select a control unit.</source>
        <translation>未选择单元：请选择一个环境管控单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="201"/>
        <source>The selected unit has no unit code or no longer exists.</source>
        <translation>所选单元没有单元编码或已不存在。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="204"/>
        <source>Unit {0} {1} ({2}, county {3})</source>
        <translation>单元 {0} {1}（{2}，行政区划代码 {3}）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="218"/>
        <source>No access-list table in the project: create a project database or add its access_list table.</source>
        <translation>工程中没有准入清单表：请新建工程库，或添加其中的 access_list 表。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="237"/>
        <source>{0} of {1} requirements shown, {2} at unit level</source>
        <translation>共 {1} 条管控要求，显示 {0} 条，单元级 {2} 条</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="322"/>
        <source>Access list</source>
        <translation>准入清单</translation>
    </message>
</context>
<context>
    <name>AccessListDock</name>
    <message>
        <location filename="../ui/access_list_dock.py" line="140"/>
        <source>Access list</source>
        <translation>准入清单</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="166"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="281"/>
        <source>Undo {0}</source>
        <translation>撤销 {0}</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="281"/>
        <source>Undo the last edit of the access list</source>
        <translation>撤销对准入清单的上一次编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="286"/>
        <source>Redo {0}</source>
        <translation>重做 {0}</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="286"/>
        <source>Redo the last undone edit of the access list</source>
        <translation>重做上一次撤销的准入清单编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="335"/>
        <source>Add unit-level requirement</source>
        <translation>添加单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="345"/>
        <source>Edit unit-level requirement</source>
        <translation>编辑单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="52"/>
        <source>Unit-level requirement (editable here)</source>
        <translation>单元级条款（可在此编辑）</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="52"/>
        <source>Inherited from {0} {1} (read-only here)</source>
        <translation>继承自 {0} {1}（此处只读）</translation>
    </message>
</context>
<context>
    <name>AccessListPanel</name>
    <message>
        <location filename="../ui/access_list_panel.ui" line="9"/>
        <source>No unit selected</source>
        <translation>未选择单元</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="16"/>
        <source>Search requirement text, industry codes, basis…</source>
        <translation>搜索管控要求、行业代码、依据…</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="21"/>
        <source>Kind</source>
        <translation>要求类型</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="23"/>
        <source>Dimension</source>
        <translation>管控维度</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="49"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="49"/>
        <source>Add a unit-level requirement</source>
        <translation>添加单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="50"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="50"/>
        <source>Edit the selected unit-level requirement</source>
        <translation>编辑所选单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="51"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="51"/>
        <source>Delete the selected unit-level requirements</source>
        <translation>删除所选单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="52"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="52"/>
        <source>Move the requirement up within its dimension</source>
        <translation>在所属管控维度内上移该管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="53"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="53"/>
        <source>Move the requirement down within its dimension</source>
        <translation>在所属管控维度内下移该管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="55"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="55"/>
        <source>Undo the last edit of the access list</source>
        <translation>撤销对准入清单的上一次编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="56"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="56"/>
        <source>Redo the last undone edit of the access list</source>
        <translation>重做上一次撤销的准入清单编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="57"/>
        <source>Show owner</source>
        <translation>转到定义处</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="57"/>
        <source>Open the attribute table at the requirements of the scope that owns the selected requirement</source>
        <translation>打开属性表，筛选出所选管控要求所属适用范围的全部管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="43"/>
        <source>Select a requirement to read it in full here.</source>
        <translation>选择一条管控要求，在此查看全文。</translation>
    </message>
</context>
<context>
    <name>AssessmentInputsMixin</name>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="42"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="47"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="47"/>
        <source>Regions of the access list</source>
        <translation>准入清单区域</translation>
    </message>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="54"/>
        <source>Ecological protection red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="54"/>
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="54"/>
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="54"/>
        <source>Protected natural areas</source>
        <translation>自然保护地</translation>
    </message>
    <message>
        <location filename="../processing_provider/assessment_inputs.py" line="54"/>
        <source>Drinking-water source areas</source>
        <translation>饮用水水源保护区</translation>
    </message>
</context>
<context>
    <name>BoundaryEditController</name>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="82"/>
        <source>{0} cannot be edited as a unit layer: {1}</source>
        <translation>{0} 不能作为管控单元图层编辑：{1}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="171"/>
        <source>The unit layer is not in a project GeoPackage: edits are not journalled.</source>
        <translation>单元图层不在项目 GeoPackage 中：本次编辑不写入变更记录。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="298"/>
        <source>Unit boundary editing</source>
        <translation>单元边界编辑</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="329"/>
        <source>The units must belong to one county (with a county code).</source>
        <translation>这些单元须属于同一县（区）并有行政区划代码。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="368"/>
        <source>Draw the new boundary from one end of a shared boundary to the other.</source>
        <translation>请从共用边界的一端画到另一端，作为新的边界。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="395"/>
        <source>The line crosses no unit.</source>
        <translation>该线未穿过任何单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="466"/>
        <source>Select at least two units of the same county and class to merge.</source>
        <translation>请至少选择两个同县（区）、同分类的单元进行合并。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="427"/>
        <source>The polygon covers no unit.</source>
        <translation>该面未覆盖任何单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="440"/>
        <source>Select the one unit whose boundary should follow the feature.</source>
        <translation>请选择一个需要贴合该要素边界的单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="452"/>
        <source>Move shared boundary</source>
        <translation>调整共用边界</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="453"/>
        <source>Split unit</source>
        <translation>拆分单元</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="454"/>
        <source>Merge units</source>
        <translation>合并单元</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="455"/>
        <source>Reclassify part of a unit</source>
        <translation>局部调整分类</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="456"/>
        <source>Follow a layer&apos;s feature</source>
        <translation>边界贴合图层要素</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="462"/>
        <source>The two units share no boundary.</source>
        <translation>两个单元没有共用边界。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="463"/>
        <source>The new boundary leaves the two units.</source>
        <translation>新边界超出了这两个单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="464"/>
        <source>The new boundary must start and end on the units&apos; boundary.</source>
        <translation>新边界的起点和终点须在单元边界上。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="465"/>
        <source>The line does not cut the unit in two.</source>
        <translation>该线未将单元分为两部分。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="469"/>
        <source>Only units of the same class can be merged.</source>
        <translation>只能合并同一分类的单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="470"/>
        <source>The polygon covers no unit of another class.</source>
        <translation>该面未覆盖其他分类的单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="471"/>
        <source>No such unit class.</source>
        <translation>没有这个单元分类。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="472"/>
        <source>The distance must be positive.</source>
        <translation>距离须大于 0。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="473"/>
        <source>The feature&apos;s outline runs nowhere near the unit&apos;s boundary.</source>
        <translation>该要素的边界与单元边界相距过远。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing.py" line="476"/>
        <source>The unit is not in its county&apos;s units.</source>
        <translation>该单元不在其所属县（区）的单元中。</translation>
    </message>
</context>
<context>
    <name>BoundaryEditingDesk</name>
    <message>
        <location filename="../plugin/controllers/boundary_editing_desk.py" line="120"/>
        <source>Unit boundary editing</source>
        <translation>单元边界编辑</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing_desk.py" line="72"/>
        <source>Make the unit layer (with code, class and county code fields) the active layer first.</source>
        <translation>请先将单元图层（含编码、分类和行政区划代码字段）设为当前图层。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/boundary_editing_desk.py" line="120"/>
        <source>Choose the layer to follow and select one of its features.</source>
        <translation>请选择要贴合的图层，并选中其中一个要素。</translation>
    </message>
</context>
<context>
    <name>BoundaryEditingDock</name>
    <message>
        <location filename="../ui/boundary_editing_dock.py" line="32"/>
        <source>Unit boundary editing</source>
        <translation>单元边界编辑</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_dock.py" line="41"/>
        <source>Priority protection</source>
        <translation>优先保护</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_dock.py" line="41"/>
        <source>Key control</source>
        <translation>重点管控</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_dock.py" line="41"/>
        <source>General control</source>
        <translation>一般管控</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_dock.py" line="86"/>
        <source>Editing {0}: topology, snapping and avoid-overlap are on.</source>
        <translation>正在编辑 {0}：已开启拓扑编辑、捕捉和避免重叠。</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_dock.py" line="104"/>
        <source>Live check: {0} problems</source>
        <translation>实时质检：{0} 处问题</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_dock.py" line="104"/>
        <source>Live check: no problems</source>
        <translation>实时质检：未发现问题</translation>
    </message>
</context>
<context>
    <name>BoundaryEditingPanel</name>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="10"/>
        <source>County layer</source>
        <translation>县界图层</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="12"/>
        <source>Red line layer</source>
        <translation>生态保护红线图层</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="14"/>
        <source>Reason</source>
        <translation>调整原因</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="15"/>
        <source>Why the boundary changes (kept in the journal)</source>
        <translation>边界变更的原因（写入变更记录）</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="20"/>
        <source>Move shared boundary</source>
        <translation>调整共用边界</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="21"/>
        <source>Split unit</source>
        <translation>拆分单元</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="22"/>
        <source>Merge selected units</source>
        <translation>合并所选单元</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="23"/>
        <source>Reclassify part</source>
        <translation>局部调整分类</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="28"/>
        <source>New class</source>
        <translation>新分类</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="30"/>
        <source>Follow layer</source>
        <translation>贴合图层</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="32"/>
        <source>Distance (m)</source>
        <translation>距离（米）</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="34"/>
        <source>Follow the selected feature</source>
        <translation>贴合所选要素</translation>
    </message>
    <message>
        <location filename="../ui/boundary_editing_panel.ui" line="37"/>
        <source>Live check</source>
        <translation>实时质检</translation>
    </message>
</context>
<context>
    <name>CheckResultsController</name>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="365"/>
        <source>{0} cannot be edited.</source>
        <translation>{0} 不可编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="380"/>
        <source>Review status not saved: {0}</source>
        <translation>处理状态未保存：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="428"/>
        <source>Re-run checks</source>
        <translation>重新质检</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="449"/>
        <source>Check results not saved: {0}</source>
        <translation>质检结果未保存：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="458"/>
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="243"/>
        <source>{0} is neither a check-results layer nor a lead layer.</source>
        <translation>{0} 既不是质检结果图层，也不是监督线索图层。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/review_kinds.py" line="49"/>
        <source>{0} of {1} problems shown ({2})</source>
        <translation>共 {1} 个问题，显示 {0} 个（{2}）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/review_kinds.py" line="49"/>
        <source>Set review status</source>
        <translation>设置处理状态</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/review_kinds.py" line="81"/>
        <source>{0} of {1} leads shown ({2})</source>
        <translation>共 {1} 条线索，显示 {0} 条（{2}）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/review_kinds.py" line="81"/>
        <source>Set lead status</source>
        <translation>设置线索核实状态</translation>
    </message>
</context>
<context>
    <name>CheckResultsDock</name>
    <message>
        <location filename="../ui/check_results_dock.py" line="40"/>
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../ui/check_results_dock.py" line="100"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/check_results_dock.py" line="67"/>
        <source>Field verdict</source>
        <translation>外业核查结论</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/review_kinds.py" line="49"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/review_kinds.py" line="81"/>
        <source>Lead reason</source>
        <translation>线索原因</translation>
    </message>
</context>
<context>
    <name>CheckResultsPanel</name>
    <message>
        <location filename="../ui/check_results_panel.ui" line="9"/>
        <source>Results layer</source>
        <translation>结果图层</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="15"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="17"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="19"/>
        <source>Status</source>
        <translation>处理状态</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="21"/>
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="36"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="37"/>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="43"/>
        <source>Re-run checks…</source>
        <translation>重新质检…</translation>
    </message>
</context>
<context>
    <name>CheckUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="71"/>
        <source>Check control units</source>
        <translation>管控单元成果质检</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="74"/>
        <source>Checks a unit layer before filing: invalid, empty or multipart geometries; overlaps between units, gaps and parts outside the counties, slivers; code format, duplicate codes, class and county digits of the code, empty required fields, MJ against the planar area; red line not covered by priority units, parks on the red line; urban development boundary inside priority units, permanent farmland inside parks; county coverage; units without an access-list entry. Each problem is written with its real geometry (the overlap, the gap, the uncovered red-line part) and its area in m². Give the previous error layer to keep the review status and note of problems that still exist.</source>
        <translation>备案前检查管控单元成果：无效、空或多部件几何；单元间重叠、行政区内缝隙和超出行政区的部分、碎片；编码格式、重复编码、编码中的分类位和县级代码、必填字段为空、MJ与平面面积是否一致；生态保护红线未被优先保护单元覆盖、园区压占红线；城镇开发边界位于优先保护单元内、永久基本农田位于园区内；县域覆盖；无准入清单的单元。每个问题均以真实几何（重叠部分、缝隙、未覆盖的红线部分）及其面积（平方米）输出。给定上一次的质检结果图层，可保留仍然存在的问题的处理状态和说明。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="95"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="99"/>
        <source>Unit field for {0}</source>
        <translation>与 {0} 对应的单元字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="104"/>
        <source>Counties</source>
        <translation>行政区（县级）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="109"/>
        <source>County code field</source>
        <translation>行政区划代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="118"/>
        <source>Ecological protection red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="118"/>
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="118"/>
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="118"/>
        <source>Industrial parks</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="127"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="135"/>
        <source>Unit code field of the access list</source>
        <translation>准入清单中的单元编码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="144"/>
        <source>Previous check results (keep review status)</source>
        <translation>上一次质检结果（保留处理状态）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="155"/>
        <source>Sliver area (m²)</source>
        <translation>碎片面积阈值（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="165"/>
        <source>Ignore overlaps and gaps smaller than (m²)</source>
        <translation>忽略小于该面积的重叠和缝隙（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="201"/>
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="206"/>
        <source>Check summary</source>
        <translation>质检汇总</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="215"/>
        <source>Check report</source>
        <translation>质检报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="215"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="246"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="249"/>
        <source>Computing in {0}</source>
        <translation>计算坐标系：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="295"/>
        <source>Choose the county code field of the county layer.</source>
        <translation>请选择行政区图层的行政区划代码字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="508"/>
        <source>The access-list table has no field &apos;{0}&apos;.</source>
        <translation>准入清单表中没有字段“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="396"/>
        <source>The previous check results lack the fields {0}.</source>
        <translation>上一次质检结果缺少字段：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="620"/>
        <source>{0} problems found</source>
        <translation>发现 {0} 个问题</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="175"/>
        <source>Report multipart units (G03, a marker on each part)</source>
        <translation>报告多部分单元（G03，每个部分一个标记点）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="223"/>
        <source>Check workbook (summary and one sheet per check)</source>
        <translation>质检工作簿（汇总表及每项检查一个工作表）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="223"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="182"/>
        <source>In QGIS</source>
        <translation>在 QGIS 中</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="182"/>
        <source>In the database (PostGIS)</source>
        <translation>在数据库中（PostGIS）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="182"/>
        <source>Where to run the layer checks (red line, urban boundary, farmland, parks)</source>
        <translation>图层检查（生态保护红线、城镇开发边界、永久基本农田、产业园区）的运行位置</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="182"/>
        <source>Automatic: in the database when the units and these layers are PostGIS tables on one connection</source>
        <translation>自动：单元和这些图层均为同一连接上的 PostGIS 表时在数据库中运行</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="439"/>
        <source>The layer checks cannot run in the database: {0}.</source>
        <translation>图层检查无法在数据库中运行：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="442"/>
        <source>Layer checks run in QGIS: {0}.</source>
        <translation>图层检查在 QGIS 中运行：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="451"/>
        <source>Layer checks run in the database.</source>
        <translation>图层检查在数据库中运行。</translation>
    </message>
</context>
<context>
    <name>CompareVersions</name>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="41"/>
        <source>Compare unit versions</source>
        <translation>单元调整对比</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="44"/>
        <source>Compares an old and a new version of the control units (and, optionally, of the access list). Units are matched by code, then by overlap (more than half of a unit's area). The change layer lists units added, removed, merged and split, boundary changes (the changed land as geometry, area gained and lost), class, code and name changes, and every piece of land whose class changed; land leaving 优先保护 is flagged 需论证. Tables give the requirements added, removed or changed per unit, the area gained and lost per county and class, and the class-transition matrix in km². The report folder receives an HTML and a PDF report with maps of the changes. Areas are planar in the CGCS2000 3-degree zone; changes smaller than the minimum area (m²) are ignored.</source>
        <translation>对比管控单元（及可选的准入清单）的原版本与新版本。单元先按编码匹配，再按叠加匹配（超过单元面积一半）。变化图层列出新增、撤销、合并、拆分的单元，边界调整（以变化的土地为几何，含增加和减少面积），分类、编码和名称变化，以及分类发生变化的每一块土地；移出优先保护的土地标注“需论证”。各表给出每个单元新增、删除或修改的准入要求，分县分类增加和减少的面积，以及以平方公里计的分类转移矩阵。报告文件夹中写出含变化图的 HTML 和 PDF 报告。面积为 CGCS2000 3 度带平面面积；小于最小面积（平方米）的变化忽略不计。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="59"/>
        <source>Old units</source>
        <translation>原版单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="62"/>
        <source>New units</source>
        <translation>新版单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="65"/>
        <source>Old access list</source>
        <translation>原版准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="65"/>
        <source>New access list</source>
        <translation>新版准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="72"/>
        <source>Ignore changes smaller than (m²)</source>
        <translation>忽略小于此面积的变化（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="81"/>
        <source>Unit changes</source>
        <translation>单元变化</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="86"/>
        <source>Access-list changes</source>
        <translation>准入清单变化</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="86"/>
        <source>Area change by county and class</source>
        <translation>分县分类面积变化</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="86"/>
        <source>Class-transition matrix</source>
        <translation>分类转移矩阵</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="96"/>
        <source>Report folder (HTML and PDF)</source>
        <translation>报告文件夹（HTML 和 PDF）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="101"/>
        <source>Report page</source>
        <translation>报告页面</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="101"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="119"/>
        <source>Layer {0} has no features.</source>
        <translation>图层 {0} 没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="136"/>
        <source>Layer {0} has no field {1}.</source>
        <translation>图层 {0} 没有字段 {1}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="176"/>
        <source>{0} changes touch priority-protection land and need expert review (需论证).</source>
        <translation>{0} 处变化涉及优先保护土地，需专家论证（需论证）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="211"/>
        <source>Comparison of unit versions</source>
        <translation>环境管控单元调整对比报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compare_versions.py" line="215"/>
        <source>The map could not be drawn: {0}</source>
        <translation>无法绘制地图：{0}</translation>
    </message>
</context>
<context>
    <name>Compliance</name>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="60"/>
        <source>Assess construction projects</source>
        <translation>建设项目符合性分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="92"/>
        <source>Construction projects</source>
        <translation>建设项目</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="99"/>
        <source>Project name field</source>
        <translation>项目名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="108"/>
        <source>Industry code field (GB/T 4754-2017)</source>
        <translation>行业代码字段（GB/T 4754-2017）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="117"/>
        <source>Industry code for all projects</source>
        <translation>统一行业代码（适用于所有项目）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="122"/>
        <source>Buffer for points and lines (m)</source>
        <translation>点、线缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="135"/>
        <source>Project × unit</source>
        <translation>项目×单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="140"/>
        <source>Project × constraint</source>
        <translation>项目×管控要素</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="140"/>
        <source>Applicable requirements</source>
        <translation>适用的管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="140"/>
        <source>Conclusions</source>
        <translation>研判结论</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="154"/>
        <source>Report folder</source>
        <translation>报告文件夹</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="219"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="328"/>
        <source>Reports written to {0}</source>
        <translation>报告已写出至 {0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="445"/>
        <source>Map of {0} not drawn: {1}</source>
        <translation>未能绘制 {0} 的地图：{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="85"/>
        <source>Other constraint layers (role saved in the panel or guessed from the name)</source>
        <translation>其他管控要素图层（角色取面板中保存的选择，或按名称推断）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="63"/>
        <source>For each project (points, lines or polygons; several at once): the control units it touches with the area or length in each, its overlap with the red line, permanent farmland and other constraint layers, and every requirement of the touched units' access lists with an automatic finding: a prohibition whose industry codes match the project's (GB/T 4754-2017, by prefix) is not compliant, a matching restriction needs further justification, requirements without industry codes need a manual check. Requirements of regions given by an area apply to projects reaching into them. Constraint layers have a role: given by its parameter (red line, permanent farmland, urban development boundary, protected areas, drinking-water sources), else chosen in the project screening panel, else guessed from the layer name (生态红线, STBHHX, YJJBNT, CZKFBJ …). The red line prohibits (not compliant), farmland, protected areas and water sources restrict (conditionally compliant), the urban boundary informs. A layer whose role is unknown is reported and projects on it need more information. Every repaired input feature is logged. Writes an HTML and a PDF report per project with a map. With a project database given as the log, every project's verdict is appended to its assessment log. The final judgement rests with the reviewer.</source>
        <translation>对每个建设项目（点、线或面，可同时分析多个）给出：其涉及的环境管控单元及在各单元内的面积或长度；与生态保护红线、永久基本农田等管控要素图层的重叠情况；所涉单元准入清单中的每条管控要求及自动研判结果：行业代码与项目行业代码匹配（GB/T 4754-2017，按代码前缀匹配）的禁止类要求判为不符合，匹配的限制类要求判为需进一步论证，未填行业代码的要求需人工核对。以空间范围给出的区域，其管控要求适用于涉及该区域的项目。管控要素图层有其角色：由对应参数指定（生态保护红线、永久基本农田、城镇开发边界、自然保护地、饮用水水源保护区），否则取准入研判面板中选定的角色，否则按图层名称推断（生态红线、STBHHX、YJJBNT、CZKFBJ 等）。生态保护红线为禁止（不符合），永久基本农田、自然保护地和饮用水水源保护区为限制（有条件符合），城镇开发边界仅作提示。角色未知的图层会在日志中报告，占用该图层的项目结论为待补充信息。每个被修复的输入要素都记入日志。为每个项目输出附地图的HTML和PDF报告。指定工程库作为研判日志时，每个项目的结论都追加到其研判日志中。最终结论由审核人员判定。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="159"/>
        <source>Project database to log the assessments in (assessment log)</source>
        <translation>记录研判结果的工程库（研判日志）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="413"/>
        <source>The assessment log was not written: {0}</source>
        <translation>研判日志未写入：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="415"/>
        <source>{0} assessments logged in {1}</source>
        <translation>已将 {0} 条研判记录写入 {1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="382"/>
        <source>The units and constraints cannot be read in the database: {0}.</source>
        <translation>无法在数据库中读取单元和管控要素：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="387"/>
        <source>Units and constraints are read whole: {0}.</source>
        <translation>单元和管控要素整层读取：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="397"/>
        <source>Units and constraints near the projects are selected in the database.</source>
        <translation>已在数据库中选取项目附近的单元和管控要素。</translation>
    </message>
</context>
<context>
    <name>CreateProjectDatabase</name>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="66"/>
        <source>Create zoning project database</source>
        <translation>新建分区管控工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="78"/>
        <source>Coordinate reference system</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="85"/>
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="90"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="90"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="95"/>
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="100"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="105"/>
        <source>Check-results layer</source>
        <translation>质检结果图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="123"/>
        <source>No output file given.</source>
        <translation>未指定输出文件。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="127"/>
        <source>The coordinate reference system is not valid.</source>
        <translation>坐标参考系无效。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="131"/>
        <source>{0} already exists. Check &apos;Overwrite an existing file&apos; to replace it.</source>
        <translation>{0} 已存在。如需替换，请勾选“覆盖已有文件”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="137"/>
        <source>The project database could not be created: {0}</source>
        <translation>无法创建工程库：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="140"/>
        <source>Created {0}</source>
        <translation>已创建 {0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="69"/>
        <source>Creates a GeoPackage holding an empty environmental control unit layer, the access-list table, its regions layer and the check-results layer, with forms (Chinese aliases, value maps), styles stored in the GeoPackage and the unit to access-list relation, and adds them to the current project. An existing file is only replaced when &apos;Overwrite&apos; is checked; the file is written completely or not at all.</source>
        <translation>新建一个GeoPackage工程库，包含空的环境管控单元图层、生态环境准入清单表及其区域图层和质检结果图层，配置表单（中文别名、值映射）、保存在GeoPackage中的样式以及单元与准入清单的关联关系，并加入当前工程。只有勾选“覆盖已有文件”时才会替换已有文件；文件要么完整写出，要么不写。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="110"/>
        <source>Access-list regions layer</source>
        <translation>准入清单区域图层</translation>
    </message>
</context>
<context>
    <name>DelineateUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="73"/>
        <source>Delineate environmental control units</source>
        <translation>环境管控单元划定</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="76"/>
        <source>Builds environmental control units by overlay, in the order priority protection (red line, protected areas, water sources…) &gt; industrial parks &gt; other key control areas &gt; general control, within each county. Every point of the admin layer ends up in exactly one unit and no unit crosses a county line. One priority unit per county and subtype (a layer's name is its subtype unless a subtype field is given), one key unit per park and county, one key unit per county and subtype, general units per county or township. Fragments smaller than the minimum area join the neighbouring unit with the longest shared edge; priority land never leaves a priority unit. Codes follow ZH + county code + class + serial, ordered north to south and west to east; with a previous unit layer, units that carry on keep their codes and retired codes are never reused. Areas (MJ, km²) are planar in the CGCS2000 3-degree Gauss-Krüger zone. The log lists repaired and skipped features, merged fragments and conflicts.</source>
        <translation>按叠加法在各县（区）内划定环境管控单元，优先级为：优先保护（生态保护红线、自然保护地、饮用水水源保护区等）&gt; 产业园区 &gt; 其他重点管控区 &gt; 一般管控区。行政区内每一处土地恰好属于一个单元，单元不跨县界。优先保护单元按县和子类各一个（图层名即子类，也可指定子类字段）；每个园区在每个县内为一个重点管控单元；其他重点管控单元按县和子类各一个；一般管控单元按县或乡镇划分。小于最小面积的碎片并入公共边最长的相邻单元；优先保护用地不会并出优先保护单元。编码为 ZH + 县级行政区划代码 + 分类 + 序号，按自北向南、自西向东排序；给定上一版单元图层时，延续的单元保留原编码，注销的编码不再使用。面积（MJ，平方公里）为CGCS2000 3度带高斯-克吕格投影下的平面面积。日志列出修复和跳过的要素、合并的碎片及冲突。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="93"/>
        <source>Previous units (keep their codes)</source>
        <translation>上一版管控单元（保留编码）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="102"/>
        <source>Output CRS (default: that of the counties)</source>
        <translation>输出坐标系（默认与行政区图层相同）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="109"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="114"/>
        <source>Delineation log</source>
        <translation>划定日志</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="149"/>
        <source>The county layer has no features.</source>
        <translation>行政区图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="151"/>
        <source>The county layer has no field &apos;{0}&apos; for the county code.</source>
        <translation>行政区图层中没有行政区划代码字段“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="280"/>
        <source>Computing in {0}</source>
        <translation>计算坐标系：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="191"/>
        <source>The previous unit layer has no unit code field ({0}).</source>
        <translation>上一版单元图层没有单元编码字段（{0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="242"/>
        <source>General units per township need a township layer.</source>
        <translation>按乡镇划分一般管控单元需要乡镇图层。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="377"/>
        <source>{0} units: {1} priority, {2} key, {3} general</source>
        <translation>共 {0} 个单元：优先保护 {1} 个，重点管控 {2} 个，一般管控 {3} 个</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="334"/>
        <source>{0} units were snap-rounded together in the output CRS to keep them valid and without overlaps or gaps ({1} rounds)</source>
        <translation>{0} 个单元在输出坐标系中一并捕捉取整（{1} 轮），保证几何有效、无重叠无缝隙</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="341"/>
        <source>{0} units are still invalid or overlap a neighbour in the output CRS: {1}</source>
        <translation>输出坐标系中仍有 {0} 个单元几何无效或与相邻单元重叠：{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="317"/>
        <source>MJ: {0}</source>
        <translation>面积（MJ）：{0}</translation>
    </message>
</context>
<context>
    <name>DelineationInputsMixin</name>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="68"/>
        <source>Counties (admin boundaries)</source>
        <translation>县级行政区</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="73"/>
        <source>County code field (6 digits)</source>
        <translation>行政区划代码字段（6位）</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="78"/>
        <source>County name field</source>
        <translation>县（区）名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="105"/>
        <source>Townships</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="105"/>
        <source>Township name field</source>
        <translation>乡镇名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="111"/>
        <source>Priority protection layers (in order of precedence)</source>
        <translation>优先保护图层（按优先级排序）</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="111"/>
        <source>Subtype field of the priority layers</source>
        <translation>优先保护图层的子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="117"/>
        <source>Industrial parks</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="117"/>
        <source>Park name field</source>
        <translation>园区名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="123"/>
        <source>Other key control layers (in order of precedence)</source>
        <translation>其他重点管控图层（按优先级排序）</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="123"/>
        <source>Subtype field of the key layers</source>
        <translation>重点管控图层的子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="131"/>
        <source>Minimum unit part area (m²)</source>
        <translation>单元最小图斑面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="141"/>
        <source>General control units</source>
        <translation>一般管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="141"/>
        <source>One per county</source>
        <translation>每县一个</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="141"/>
        <source>One per township</source>
        <translation>每乡镇一个</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="153"/>
        <source>Province name</source>
        <translation>省名称</translation>
    </message>
    <message>
        <location filename="../processing_provider/delineation_inputs.py" line="156"/>
        <source>City name</source>
        <translation>市名称</translation>
    </message>
</context>
<context>
    <name>DelineationLog</name>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="27"/>
        <source>Empty geometry skipped</source>
        <translation>几何为空，已跳过</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="28"/>
        <source>Invalid geometry repaired</source>
        <translation>几何无效，已修复</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="29"/>
        <source>No area after repair, skipped</source>
        <translation>修复后无面积，已跳过</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="30"/>
        <source>Counties overlap</source>
        <translation>行政区重叠</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="31"/>
        <source>Outside the counties, ignored</source>
        <translation>位于行政区范围外，已忽略</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="32"/>
        <source>Park on priority land (stays priority)</source>
        <translation>园区位于优先保护区内（仍为优先保护）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="35"/>
        <source>Parks overlap</source>
        <translation>园区重叠</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="36"/>
        <source>Unit removed</source>
        <translation>单元取消</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="37"/>
        <source>Townships overlap</source>
        <translation>乡镇重叠</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="38"/>
        <source>Township land outside its county</source>
        <translation>乡镇面位于所属县以外</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="41"/>
        <source>Invalid code in the previous units</source>
        <translation>原单元编码无效</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="44"/>
        <source>Previous code kept</source>
        <translation>沿用原编码</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="45"/>
        <source>New code</source>
        <translation>新编码</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="46"/>
        <source>Fragment merged</source>
        <translation>碎片已合并</translation>
    </message>
</context>
<context>
    <name>EcoZoning</name>
    <message>
        <location filename="../processing_provider/base.py" line="25"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="26"/>
        <source>Unit delineation</source>
        <translation>单元划定</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="27"/>
        <source>Quality checks</source>
        <translation>成果质检</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="28"/>
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="29"/>
        <source>Access lists</source>
        <translation>准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="30"/>
        <source>Compliance analysis</source>
        <translation>符合性分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/provider.py" line="69"/>
        <source>EcoZoning (ecological-environment zoning)</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="35"/>
        <source>Publishing</source>
        <translation>成果发布</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="34"/>
        <source>Unit editing</source>
        <translation>单元编辑</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="33"/>
        <source>Field review</source>
        <translation>外业核查</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="31"/>
        <source>Supervision and tracking</source>
        <translation>监督管理与跟踪评估</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="32"/>
        <source>Update and filing</source>
        <translation>调整更新与成果备案</translation>
    </message>
</context>
<context>
    <name>EcoZoningAlgorithm</name>
    <message>
        <location filename="../processing_provider/base.py" line="125"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何内容。</translation>
    </message>
</context>
<context>
    <name>EcoZoningInstall</name>
    <message>
        <location filename="../plugin/install_message.py" line="20"/>
        <source>Close QGIS, open the OSGeo4W Shell as administrator and run: {0}</source>
        <translation>请关闭 QGIS，以管理员身份打开 OSGeo4W Shell 并运行：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/install_message.py" line="24"/>
        <source>Run in a terminal: {0}</source>
        <translation>请在终端中运行：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/install_message.py" line="27"/>
        <source>EcoZoning needs {0}. {1}</source>
        <translation>生态环境分区管控插件需要 {0}。{1}</translation>
    </message>
    <message>
        <location filename="../plugin/install_message.py" line="34"/>
        <source>EcoZoning needs {0}: its tools cannot run until it is installed.</source>
        <translation>生态环境分区管控插件需要 {0}：安装之前其工具无法运行。</translation>
    </message>
    <message>
        <location filename="../plugin/install_message.py" line="9"/>
        <source>Install the GEOS headers (e.g. sudo apt install libgeos-dev), then run in a terminal: {0}  (keep numpy below 2 so the system GDAL and pandas keep working)</source>
        <translation>请先安装 GEOS 开发文件（例如 sudo apt install libgeos-dev），然后在终端中运行：{0}（numpy 须低于 2，系统的 GDAL 和 pandas 才能正常工作）</translation>
    </message>
</context>
<context>
    <name>EcoZoningPlugin</name>
    <message>
        <location filename="../plugin/plugin.py" line="96"/>
        <source>Ecological-environment zoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="154"/>
        <source>Load sample data</source>
        <translation>加载示例数据</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="361"/>
        <source>EcoZoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="349"/>
        <source>This tool is not available yet.</source>
        <translation>该工具尚未提供。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="361"/>
        <source>Sample data not found: {0}</source>
        <translation>未找到示例数据：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="371"/>
        <source>Sample city</source>
        <translation>示例城市</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="197"/>
        <source>Control unit panel</source>
        <translation>环境管控单元面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="197"/>
        <source>Check results panel</source>
        <translation>质检结果面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="231"/>
        <source>{0}: the .dbf declares no encoding; reading it as {1}.</source>
        <translation>{0}：.dbf 未声明编码，按 {1} 读取。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="197"/>
        <source>Access list panel</source>
        <translation>准入清单面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="197"/>
        <source>Project screening panel</source>
        <translation>准入研判面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="110"/>
        <source>The panels could not be set up: {0}</source>
        <translation>面板无法创建：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="168"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="386"/>
        <source>Unit boundary editing mode</source>
        <translation>单元边界编辑模式</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="305"/>
        <source>Field review</source>
        <translation>外业核查</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="307"/>
        <source>Export field-review package…</source>
        <translation>导出外业核查包…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="307"/>
        <source>Import field reviews…</source>
        <translation>导入外业核查成果…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="316"/>
        <source>Resolve field-review conflicts…</source>
        <translation>处理外业核查冲突…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="336"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/signals.py" line="45"/>
        <source>Needs {0}. {1}</source>
        <translation>需要 {0}。{1}</translation>
    </message>
</context>
<context>
    <name>ExportAccessList</name>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="36"/>
        <source>Export access list to Excel</source>
        <translation>导出准入清单到Excel</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="39"/>
        <source>Writes the access-list table to an Excel workbook (.xlsx). Wide format, as published: one row per unit (unit code, name, class) with one column per dimension; the unit's valid unit-level requirements are numbered 1. 2. 3. … in their order. Units of the unit layer without requirements get empty rows, a template to fill in; names and classes come from the unit layer (the class also from the code). Long format: one row per requirement with every field, all levels. A workbook exported in either format can be imported again.</source>
        <translation>将准入清单表导出为Excel工作簿（.xlsx）。宽表格式（与发布格式一致）：每个单元一行（单元编码、单元名称、分类），每个管控维度一列；单元有效的单元级管控要求按其顺序编号为 1. 2. 3. …。单元图层中没有管控要求的单元输出为空行，可作为填报模板；单元名称和分类取自单元图层（分类也可由编码得出）。长表格式：每条管控要求一行，包含全部字段和所有层级。两种格式导出的工作簿均可重新导入。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="50"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="55"/>
        <source>Control units (names and classes for the wide format)</source>
        <translation>环境管控单元（提供宽表格式的单元名称和分类）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="63"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="63"/>
        <source>Wide (one row per unit)</source>
        <translation>宽表（每个单元一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="63"/>
        <source>Long (one row per requirement)</source>
        <translation>长表（每条管控要求一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="71"/>
        <source>Excel workbook</source>
        <translation>Excel工作簿</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="71"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="76"/>
        <source>Rows written</source>
        <translation>写出行数</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="89"/>
        <source>No output file given.</source>
        <translation>未指定输出文件。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="98"/>
        <source>The table is not an access-list table: it has no {0} field.</source>
        <translation>该表不是准入清单表：缺少 {0} 字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="120"/>
        <source>The unit layer has no unit code field ({0}).</source>
        <translation>单元图层没有单元编码字段（{0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="129"/>
        <source>{0} requirements above unit level are not in the wide format; export the long format to keep them.</source>
        <translation>{0} 条单元级以上的管控要求不在宽表格式中；如需保留，请导出为长表格式。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="136"/>
        <source>The text of requirement {0} has a line starting with a number: importing the workbook again would split it.</source>
        <translation>管控要求 {0} 的内容中有以数字开头的行：重新导入该工作簿时会被拆分。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="148"/>
        <source>The workbook could not be written: {0}</source>
        <translation>无法写出工作簿：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="151"/>
        <source>Wrote {0} rows to {1}</source>
        <translation>已向 {1} 写出 {0} 行</translation>
    </message>
</context>
<context>
    <name>ExportFieldPackage</name>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="60"/>
        <source>Export field-review package</source>
        <translation>导出外业核查包</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="80"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="80"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="88"/>
        <source>County codes (comma-separated)</source>
        <translation>区县代码（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="93"/>
        <source>Area layer (e.g. townships)</source>
        <translation>范围图层（如乡镇街道）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="101"/>
        <source>Units (e.g. the selected units)</source>
        <translation>管控单元（如所选单元）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="109"/>
        <source>Extent</source>
        <translation>范围框</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="112"/>
        <source>Open check problems as area</source>
        <translation>以未处理的质检问题为范围</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="117"/>
        <source>Check problem filter (expression)</source>
        <translation>质检问题筛选（表达式）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="124"/>
        <source>Red line and spatial-planning control layers (clipped, read-only)</source>
        <translation>生态保护红线及三区三线图层（按范围裁剪，只读）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="140"/>
        <source>Offline basemap up to zoom level (0: none)</source>
        <translation>离线底图最大缩放级别（0：不生成）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="150"/>
        <source>Package folder</source>
        <translation>备案包文件夹</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="161"/>
        <source>The package folder {0} is not empty; choose an empty or new folder.</source>
        <translation>外业包文件夹 {0} 不是空的，请选择空文件夹或新文件夹。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="169"/>
        <source>The project database cannot be read: {0}</source>
        <translation>无法读取工程库：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="176"/>
        <source>No unit lies in the chosen area; nothing to export.</source>
        <translation>所选范围内没有管控单元，未导出。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="221"/>
        <source>The check problem filter is not valid: {0}</source>
        <translation>质检问题筛选表达式无效：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="227"/>
        <source>Choose an area: counties, an area layer, units, an extent or check problems.</source>
        <translation>请选择核查范围：区县、范围图层、单元、范围框或质检问题。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="237"/>
        <source>{0} units and {1} open check problems in the area.</source>
        <translation>范围内有 {0} 个管控单元、{1} 个未处理质检问题。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="258"/>
        <source>Layer {0} has nothing in the area and is left out.</source>
        <translation>图层“{0}”在核查范围内没有要素，未放入外业包。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="327"/>
        <source>QGIS&apos;s tiling algorithm is missing: no basemap.</source>
        <translation>缺少 QGIS 的切片算法，未生成离线底图。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="337"/>
        <source>Rendering the offline basemap…</source>
        <translation>正在生成离线底图…</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="381"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="386"/>
        <source>The package could not be written: {0}</source>
        <translation>外业包写入失败：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="392"/>
        <source>Field-review package {0} written to {1}</source>
        <translation>外业核查包 {0} 已写入 {1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="63"/>
        <source>Writes a folder that opens offline in QField and QGIS: one GeoPackage with the units of the area (geometry locked, review fields editable), the red line and other reference layers clipped to the area (read-only), the matching open check problems, the access-list table with its relation to the units, and an empty review layer (points and polygons); a project file with relative paths and Chinese forms; and manifest.json with a snapshot of every exported row, used when the package is imported back. The area is the union of the counties, the features of an area layer (e.g. townships; selected features only if chosen), the units given, an extent and the open check problems matching a filter. Optionally the supervision leads (ecozoning:screenleads, saved as a table of the project database) of the exported units or lying in the area travel too, their verification status (待核实 / 属实 / 不属实 / 已整改) and note editable in the field. The project database is only read.</source>
        <translation>写出一个可在 QField 和 QGIS 中离线打开的文件夹：一个 GeoPackage，含范围内的管控单元（图形锁定，核查字段可编辑）、按范围裁剪的生态保护红线等参考图层（只读）、相应的未处理质检问题、准入清单表及其与单元的关联、空的核查记录图层（点和面）；一个使用相对路径、中文表单的工程文件；以及记录每条导出要素快照的 manifest.json，供回传导入时使用。核查范围为所选区县、范围图层要素（如乡镇；可只用所选要素）、所给单元、范围框及符合筛选条件的未处理质检问题的并集。可选：导出单元的、或位于范围内的监督线索（ecozoning:screenleads 的结果，须保存为工程库中的表）一并带出，其核实状态（待核实 / 属实 / 不属实 / 已整改）和核实说明可在外业编辑。工程库只读不写。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="132"/>
        <source>Supervision leads (a table of the project database)</source>
        <translation>监督线索（工程库中的表）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="284"/>
        <source>Layer {0} is not a lead layer of ecozoning:screenleads (fields lead_key, status and note are missing).</source>
        <translation>图层 {0} 不是 ecozoning:screenleads 输出的监督线索图层（缺少字段 lead_key、status 和 note）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="292"/>
        <source>Lead layer {0} is not a table of the project database {1}: save the screening output there first, so that the field statuses can be merged back.</source>
        <translation>监督线索图层 {0} 不是工程库 {1} 中的表：请先将线索筛查结果保存到工程库，外业核实状态才能合并回来。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_field_package.py" line="306"/>
        <source>{0} supervision leads of layer {1} in the area.</source>
        <translation>范围内有图层 {1} 的监督线索 {0} 条。</translation>
    </message>
</context>
<context>
    <name>ExportFiling</name>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="67"/>
        <source>Export filing package</source>
        <translation>成果备案包导出</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="70"/>
        <source>Writes the 备案 package into a folder and a zip next to it, with a manifest of SHA-256 checksums: the units with the standard fields as a GeoPackage and as a Shapefile in GB18030 (with .cpg); the access list in the published wide Excel format; statistics (Excel and HTML); the quality-check statement (clean, or every accepted exception with its reason); the change report against the previous filed version (from the project database's register, or the layer given) and the boundary-editing journal when the project has one; a metadata sheet (version, 文号, dates, type, reason, coordinate system, area rule, plugin version). The version's details come from the register when the project database has it; values given here take precedence. While check errors are open (neither fixed nor accepted as exceptions) the export is refused, naming them, unless 'write anyway' is ticked: the package is then marked 未通过质检.</source>
        <translation>将备案包写入一个文件夹及其旁边的 zip，附 SHA-256 校验清单：标准字段的单元（GeoPackage，以及 GB18030 编码、带 .cpg 的 Shapefile）；公开发布格式（宽表）的准入清单 Excel；统计（Excel 和 HTML）；质检说明（无问题，或列出每个已确认的例外及理由）；与上一备案版本（取自工程库版本登记，或给定的图层）的调整对比报告，以及工程中已有的边界编辑日志；元数据表（版本、文号、日期、类型、原因、坐标系、面积计算规则、插件版本）。工程库中有该版本时，版本信息取自版本登记；此处填写的值优先。存在未处理的错误（既未修改也未确认为例外）时拒绝导出并列出这些错误，除非勾选“仍然写出”：此时备案包标注为“未通过质检”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="87"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="90"/>
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="95"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="100"/>
        <source>Access-list regions</source>
        <translation>准入清单区域</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="105"/>
        <source>Project database (version register)</source>
        <translation>工程库（版本登记）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="114"/>
        <source>Previous filed units</source>
        <translation>上一备案版本的单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="119"/>
        <source>Previous filed version (in the register)</source>
        <translation>上一备案版本（版本登记中）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="126"/>
        <source>Write anyway while errors are open (marked 未通过质检)</source>
        <translation>存在未处理错误时仍然写出（标注为“未通过质检”）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="131"/>
        <source>Package folder</source>
        <translation>备案包文件夹</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="134"/>
        <source>Package zip</source>
        <translation>备案包 zip</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="135"/>
        <source>Quality check</source>
        <translation>质检结论</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="144"/>
        <source>Give the version an id.</source>
        <translation>请填写版本号。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="176"/>
        <source>Layer {0} has no features.</source>
        <translation>图层 {0} 没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="180"/>
        <source>Layer {0} has no field {1}.</source>
        <translation>图层 {0} 没有字段 {1}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="203"/>
        <source>Layer {0} is not a check-results layer: it has no field {1}.</source>
        <translation>图层 {0} 不是质检结果图层：没有字段 {1}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="274"/>
        <source>The package folder {0} is not empty; choose a new folder.</source>
        <translation>备案包文件夹 {0} 不为空，请选择新的文件夹。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="285"/>
        <source>{0} check errors are open (neither fixed nor accepted as exceptions); nothing was written. Open errors: {1}</source>
        <translation>有 {0} 个质检错误未处理（既未修改也未确认为例外），未写出任何内容。未处理的错误：{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="292"/>
        <source>The package is written marked 未通过质检: {0}</source>
        <translation>备案包已写出，标注为“未通过质检”：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="326"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_filing.py" line="328"/>
        <source>Filing package {0} written to {1} and {2} ({3}).</source>
        <translation>备案包 {0} 已写出到 {1} 和 {2}（{3}）。</translation>
    </message>
</context>
<context>
    <name>ExportWebMap</name>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="56"/>
        <source>Export web page for public lookup</source>
        <translation>导出公众查阅网页</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="99"/>
        <source>Web page folder</source>
        <translation>网页文件夹</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="102"/>
        <source>Units published</source>
        <translation>发布单元数</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="103"/>
        <source>Data size (bytes)</source>
        <translation>数据大小（字节）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="107"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="110"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="110"/>
        <source>Regions of the access list</source>
        <translation>准入清单区域</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="110"/>
        <source>Ecological red line (leave empty not to publish it)</source>
        <translation>生态保护红线（留空则不发布）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="110"/>
        <source>Places for the search (townships)</source>
        <translation>用于搜索的地名（乡镇街道）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="121"/>
        <source>Place name field</source>
        <translation>地名字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="121"/>
        <source>Place county code field</source>
        <translation>地名所属区县代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="130"/>
        <source>Page title</source>
        <translation>网页标题</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="130"/>
        <source>Publishing bureau</source>
        <translation>发布单位</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="130"/>
        <source>Data version</source>
        <translation>数据版本</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="130"/>
        <source>Data date</source>
        <translation>数据日期</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="130"/>
        <source>Basemap tile URL (optional, e.g. an intranet server)</source>
        <translation>底图瓦片地址（可选，如内网服务器）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="130"/>
        <source>Basemap attribution</source>
        <translation>底图来源说明</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="143"/>
        <source>Unit fields to publish (code and class always)</source>
        <translation>发布的单元字段（编码和分类始终发布）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="143"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="143"/>
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="143"/>
        <source>Subtype</source>
        <translation>子类</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="143"/>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="153"/>
        <source>Requirement fields to publish (the text always)</source>
        <translation>发布的清单字段（要求内容始终发布）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="153"/>
        <source>Scope level</source>
        <translation>适用层级</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="153"/>
        <source>Kind</source>
        <translation>要求类型</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="153"/>
        <source>Industry codes</source>
        <translation>行业代码</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="153"/>
        <source>Legal basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="168"/>
        <source>List dimensions to publish</source>
        <translation>发布的清单维度</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="188"/>
        <source>The folder {0} holds other files ({1}); choose an empty folder or one with an earlier web page export.</source>
        <translation>文件夹 {0} 中有其他文件（{1}）；请选择空文件夹或此前导出网页的文件夹。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="210"/>
        <source>The web page could not be written to {0}: {1}</source>
        <translation>无法将网页写入 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="221"/>
        <source>Wrote {0} files to {1}; open index.html in a browser.</source>
        <translation>已将 {0} 个文件写入 {1}；请用浏览器打开 index.html。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="245"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="253"/>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="268"/>
        <source>Choose the place name field of layer {0}.</source>
        <translation>请选择图层 {0} 的地名字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="311"/>
        <source>The unit layer has no features with a geometry.</source>
        <translation>单元图层没有带几何的要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="313"/>
        <source>Unit {0} of the unit layer has no valid class in field {1} (1, 2 or 3).</source>
        <translation>单元图层中单元 {0} 的字段 {1} 不是有效分类（1、2 或 3）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="316"/>
        <source>Feature {0} of the unit layer has no unit code in field {1}.</source>
        <translation>单元图层中要素 {0} 的字段 {1} 没有单元编码。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="322"/>
        <source>This GEOS has no coverage simplification (GEOS 3.12 or later): shared edges were simplified once through the units&apos; topology instead.</source>
        <translation>当前 GEOS 不支持覆盖简化（需 GEOS 3.12 或更高版本）：已改为按单元拓扑对共用边只简化一次。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="76"/>
        <source>Simplification tolerance (m; 0 = the smallest that fits the size)</source>
        <translation>简化容差（米；0 表示满足大小限制的最小容差）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="87"/>
        <source>Size limit of the map data (MB)</source>
        <translation>地图数据大小上限（MB）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="215"/>
        <source>The map data is {0:.1f} MB, over the limit of {1:.1f} MB: raise the simplification tolerance or leave out the red line.</source>
        <translation>地图数据为 {0:.1f} MB，超过上限 {1:.1f} MB：请增大简化容差，或不发布生态保护红线。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="328"/>
        <source>Simplified to {0} m: {1} vertices of {2} kept, {3:.1f} MB of map data.</source>
        <translation>按 {0} 米简化：保留 {2} 个顶点中的 {1} 个，地图数据 {3:.1f} MB。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_webmap.py" line="59"/>
        <source>Writes a folder with a self-contained web page (index.html) where enterprises and the public look up control units: search by unit code, name or place, click the map or type coordinates to see a unit and its effective access list by dimension, draw or load a site outline to list the units it touches with their areas and whether it touches the red line (a preliminary self-check, computed in the browser). The page works opened from disk and on any static web server; the map libraries (Leaflet, Turf.js) are bundled and nothing is loaded from outside unless a basemap URL is given. Units are simplified for the web without gaps between neighbours; by default the tolerance is the smallest that keeps the map data under the size limit. Only what you select is published: leave out fields, list dimensions, the red line or places.</source>
        <translation>导出一个包含独立网页（index.html）的文件夹，供企业和公众查询环境管控单元：按单元编码、名称或地名搜索；点击地图或输入坐标，查看该处单元及其按维度列出的生效准入清单；绘制或载入场地范围，列出涉及的各单元及面积、是否涉及生态保护红线（在浏览器内计算的初步自查）。网页可直接从磁盘打开，也可放在任意静态网站服务器上；地图库（Leaflet、Turf.js）随网页提供，除非填写底图地址，不从外部加载任何内容。单元边界为网页显示而简化，相邻单元之间不留缝隙；默认采用使地图数据不超过大小上限的最小简化容差。只发布所选内容：可不发布部分字段、清单维度、生态保护红线或地名。</translation>
    </message>
</context>
<context>
    <name>FieldConflictsController</name>
    <message>
        <location filename="../plugin/controllers/field_conflicts.py" line="38"/>
        <source>{0} conflicts to resolve</source>
        <translation>待处理冲突 {0} 处</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/field_conflicts.py" line="46"/>
        <source>Office: {0}</source>
        <translation>内业：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/field_conflicts.py" line="46"/>
        <source>{0} ({1}): {2}</source>
        <translation>{0}（{1}）：{2}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/field_conflicts.py" line="53"/>
        <source>Keep the office&apos;s review record</source>
        <translation>保留内业的核查记录</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/field_conflicts.py" line="65"/>
        <source>Not resolved: {0}</source>
        <translation>未能处理：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/field_conflicts.py" line="68"/>
        <source>Resolved {0} {1}; {2} conflicts left</source>
        <translation>已处理 {0} {1}，剩余冲突 {2} 处</translation>
    </message>
</context>
<context>
    <name>FieldConflictsDialog</name>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="28"/>
        <source>Field review conflicts</source>
        <translation>外业核查冲突</translation>
    </message>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="31"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="31"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="31"/>
        <source>Value at export</source>
        <translation>导出时的值</translation>
    </message>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="31"/>
        <source>Office value</source>
        <translation>内业值</translation>
    </message>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="31"/>
        <source>Field values</source>
        <translation>外业值</translation>
    </message>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="46"/>
        <source>Use this value</source>
        <translation>采用此值</translation>
    </message>
    <message>
        <location filename="../ui/field_conflicts_dialog.py" line="50"/>
        <source>Keep</source>
        <translation>采用</translation>
    </message>
</context>
<context>
    <name>FieldMappingDialog</name>
    <message>
        <location filename="../ui/field_mapping_dialog.py" line="15"/>
        <source>Field mapping: {0}</source>
        <translation>字段映射：{0}</translation>
    </message>
    <message>
        <location filename="../ui/field_mapping_dialog.py" line="18"/>
        <source>Choose the layer field that holds each field of the data model.</source>
        <translation>为数据模型的每个字段选择图层中对应的字段。</translation>
    </message>
</context>
<context>
    <name>FieldPackage</name>
    <message>
        <location filename="../plugin/adapters/field_project.py" line="67"/>
        <source>Layer {0} is not valid: {1}</source>
        <translation>图层“{0}”无效：{1}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/field_project.py" line="68"/>
        <source>Editable layer {0} is not in a GeoPackage: edits may not come back.</source>
        <translation>可编辑图层“{0}”不是 GeoPackage：外业修改可能无法回传。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/field_project.py" line="71"/>
        <source>Layer {0} will not open offline: its data is outside the package: {1}</source>
        <translation>图层“{0}”离线时无法打开：其数据在外业包之外：{1}</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/field_project.py" line="74"/>
        <source>Layer {0} lies outside the area.</source>
        <translation>图层“{0}”不在核查范围内。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/field_project.py" line="75"/>
        <source>The SVG symbol {1} of layer {0} is missing.</source>
        <translation>图层“{0}”的符号文件 {1} 不存在。</translation>
    </message>
    <message>
        <location filename="../plugin/adapters/field_project.py" line="76"/>
        <source>The label font {1} of layer {0} is not installed.</source>
        <translation>图层“{0}”的标注字体“{1}”未安装。</translation>
    </message>
</context>
<context>
    <name>ImportAccessList</name>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="89"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="89"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="89"/>
        <source>Wide (one row per unit)</source>
        <translation>宽表（每个单元一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="89"/>
        <source>Long (one row per requirement)</source>
        <translation>长表（每条管控要求一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="101"/>
        <source>Control units (to check unit codes and names)</source>
        <translation>环境管控单元（用于核对单元编码和名称）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="109"/>
        <source>Access-list table to append to</source>
        <translation>追加至准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="117"/>
        <source>Replace the unit-level requirements of the units in the workbook</source>
        <translation>替换工作簿所含单元的单元级管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="143"/>
        <source>Imported requirements</source>
        <translation>导入的管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="135"/>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="135"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="144"/>
        <source>Replaced requirements</source>
        <translation>被替换的管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="159"/>
        <source>The target table is not an access-list table: it has no {0} field.</source>
        <translation>目标表不是准入清单表：缺少 {0} 字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="165"/>
        <source>The target table is in edit mode: save or discard its edits first.</source>
        <translation>目标表正处于编辑模式：请先保存或放弃其编辑。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="191"/>
        <source>The target table cannot be edited.</source>
        <translation>目标表不可编辑。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="194"/>
        <source>Existing requirements could not be deleted.</source>
        <translation>无法删除已有的管控要求。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="198"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="201"/>
        <source>The target table could not be saved: {0}</source>
        <translation>无法保存目标表：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="225"/>
        <source>No workbook given.</source>
        <translation>未指定工作簿。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="334"/>
        <source>The workbook could not be read: {0}</source>
        <translation>无法读取工作簿：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="227"/>
        <source>Sheets read from {1}: {0}</source>
        <translation>已从 {1} 读取工作表：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="265"/>
        <source>The unit layer has no unit code field ({0}).</source>
        <translation>单元图层没有单元编码字段（{0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="281"/>
        <source>1 problem in the workbook; nothing was imported.</source>
        <translation>工作簿中有 1 个问题，未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="282"/>
        <source>{0} problems in the workbook; nothing was imported.</source>
        <translation>工作簿中有 {0} 个问题，未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="289"/>
        <source>Choose a target table or an output for the imported requirements.</source>
        <translation>请为导入的管控要求选择目标表或输出。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="298"/>
        <source>{0} requirements added to {1}, {2} replaced.</source>
        <translation>已向 {1} 添加 {0} 条管控要求，替换 {2} 条。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="314"/>
        <source>Imported {0} requirements ({1} units), {2} warnings.</source>
        <translation>已导入 {0} 条管控要求（{1} 个单元），{2} 个警告。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="50"/>
        <source>Import access list from Excel or Word</source>
        <translation>从Excel或Word导入准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="53"/>
        <source>Reads an environmental access list (生态环境准入清单) from an Excel workbook (.xlsx) or from the tables of a Word document (.docx), as bureaus publish them. Wide format, as published: one row per unit with columns for unit code, name and class (环境综合管控单元编码/名称, 管控单元编码, 综合管控单元分类, 管控单元类别 …) and one column per dimension (空间布局约束/引导, 区域布局管控, 污染物排放管控, 环境风险防控/管控, 资源利用效率, 资源开发效率要求); each numbered item of a cell (1. 1． 1、 (1) （1） 1) ① 一、) becomes one unit-level requirement, its kind (禁止/限制/鼓励/允许/要求) inferred from the text; an item may open with a number (3.2025年底前…). Merged cells are read as merged; /, —, 无 and 暂无 count as empty. Long format: one row per requirement with all fields of the access-list table. Every sheet (every table of a Word document) is read; those that hold neither format are skipped, saying which column was not found. Unit codes and names are checked against the unit layer when one is given. When the file has any error (unknown or duplicate unit codes, an unknown dimension column, empty codes, wrong class values…) nothing is imported and every problem is listed with its sheet, row and column. The report gives the number of items read and requirements stored per unit and dimension. Requirements are appended to the target table in one edit (all or nothing), or written to a new table.</source>
        <translation>从Excel工作簿（.xlsx）或Word文档（.docx）中的表格读取生态环境准入清单，按各地发布的样式读取。宽表（发布样式）：每个单元一行，含单元编码、名称、分类列（环境综合管控单元编码/名称、管控单元编码、综合管控单元分类、管控单元类别……），每个管控维度一列（空间布局约束/引导、区域布局管控、污染物排放管控、环境风险防控/管控、资源利用效率、资源开发效率要求）；单元格中每个编号条目（1. 1． 1、 (1) （1） 1) ① 一、）导入为一条单元级要求，要求类型（禁止/限制/鼓励/允许/要求）按文字推断；条目可以数字开头（3.2025年底前……）。合并单元格按合并范围读取；/、—、无、暂无视为空。长表：每条要求一行，含准入清单表的全部字段。读取每个工作表（Word文档中的每个表格）；两种格式都不是的将跳过，并说明缺少哪一列。给定单元图层时核对单元编码和名称。文件有任何错误（未知或重复的单元编码、未知的管控维度列、编码为空、分类值无效……）时不导入任何内容，并列出每个问题所在的工作表、行和列。导入报告按单元和管控维度列出原文条目数和已存条款数。要求以一次编辑追加到目标表（全部成功或全部不导入），或写入新表。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="79"/>
        <source>Excel workbook or Word document</source>
        <translation>Excel工作簿或Word文档</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="79"/>
        <source>Access lists (*.xlsx *.docx);;Excel workbooks (*.xlsx);;Word documents (*.docx)</source>
        <translation>准入清单 (*.xlsx *.docx);;Excel工作簿 (*.xlsx);;Word文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="328"/>
        <source>The Word document could not be read: {0}</source>
        <translation>无法读取Word文档：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="345"/>
        <source>Items read from the source: {0}; requirements stored: {1}.</source>
        <translation>原文读取条目 {0} 条；已存条款 {1} 条。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="353"/>
        <source>{0}, unit {1}, {2}: {3} items read, {4} stored.</source>
        <translation>{0}，单元 {1}，{2}：原文 {3} 条，已存 {4} 条。</translation>
    </message>
</context>
<context>
    <name>ImportFieldReview</name>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="37"/>
        <source>Import field reviews</source>
        <translation>导入外业核查成果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="53"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="53"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="61"/>
        <source>Returned packages (manifest.json or project file)</source>
        <translation>回传的外业包（manifest.json 或工程文件）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="68"/>
        <source>Import log</source>
        <translation>导入日志</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="77"/>
        <source>Review records appended</source>
        <translation>新增核查记录</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="77"/>
        <source>Field edits applied</source>
        <translation>已采用的外业修改</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="77"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="77"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="90"/>
        <source>The project database {0} does not exist.</source>
        <translation>工程库 {0} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="95"/>
        <source>Choose at least one returned package.</source>
        <translation>请至少选择一个回传的外业包。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="102"/>
        <source>Package {0} cannot be read: {1}</source>
        <translation>无法读取外业包 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="122"/>
        <source>Nothing was imported: {0}</source>
        <translation>未导入任何内容：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="130"/>
        <source>row not in the package&apos;s snapshot</source>
        <translation>记录不在外业包快照中</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="131"/>
        <source>row deleted in the field (ignored)</source>
        <translation>外业删除了该记录（忽略）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="132"/>
        <source>already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="133"/>
        <source>conflict already recorded</source>
        <translation>冲突已记录</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="134"/>
        <source>review record without uuid</source>
        <translation>核查记录缺少 UUID</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="135"/>
        <source>review record differs from the office&apos;s copy</source>
        <translation>核查记录与内业已有的不同</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="137"/>
        <source>the office already has {0}</source>
        <translation>内业已是 {0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="138"/>
        <source>office value {0}; field values {1}</source>
        <translation>内业值 {0}；外业值 {1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="140"/>
        <source>Photo file missing, record kept without it: {0}</source>
        <translation>照片文件缺失，记录已保留但不含照片：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="145"/>
        <source>appended</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="146"/>
        <source>applied</source>
        <translation>已采用</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="147"/>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="148"/>
        <source>skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="149"/>
        <source>agreed</source>
        <translation>一致</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="174"/>
        <source>Appended {0}, applied {1}, conflicts {2}, skipped {3}.</source>
        <translation>新增 {0} 条，采用 {1} 处，冲突 {2} 处，跳过 {3} 条。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="40"/>
        <source>Merges one or more returned field-review packages (their folder, manifest.json or project file) into the project database, in any order. New review records are appended by UUID; a changed review field of a unit, check problem or supervision lead (status and note, matched by lead_key) is applied where the office value is unchanged since export; where both changed, or reviewers disagree, nothing is overwritten and the value goes to the field_conflicts layer with every value. Photos are copied under field_photos/ beside the database. Importing a package again changes nothing. All or nothing: an error leaves the database as it was.</source>
        <translation>将一个或多个回传的外业核查包（其文件夹、manifest.json 或工程文件）合并到工程库，顺序不限。新的核查记录按 UUID 追加；单元、质检问题或监督线索（核实状态和核实说明，按 lead_key 对应）的核查字段在外业修改、且内业自导出后未改动时采用；内业也改动了、或核查人意见不一致时不覆盖任何值，该值连同各方的值写入冲突图层 field_conflicts。照片复制到工程库旁的 field_photos/ 下。重复导入同一外业包不做任何改动。全部成功或全不写入：出错时工程库保持原样。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_field_review.py" line="108"/>
        <source>The packages carry supervision leads of table {0}, which the project database {1} does not have; nothing was imported.</source>
        <translation>外业包带有表 {0} 的监督线索，但工程库 {1} 中没有该表；未导入任何内容。</translation>
    </message>
</context>
<context>
    <name>ImportFiling</name>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="37"/>
        <source>Import filing package</source>
        <translation>成果备案包导入</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="40"/>
        <source>Reads a filing package (its zip, or the manifest-sha256.txt of an unpacked package), verifies every SHA-256 checksum of the manifest, and saves the package&apos;s units, access list and regions as a version in the project database&apos;s register, with the package&apos;s metadata, so that it can be opened and compared with other versions. A package with a missing, changed or unlisted file is refused, naming the files. The version id is the package&apos;s unless another is given.</source>
        <translation>读取备案包（zip，或解压后备案包的 manifest-sha256.txt），核验清单中的每个 SHA-256 校验值，并将备案包的单元、准入清单和区域连同元数据保存为工程库版本登记中的一个版本，以便打开并与其他版本对比。文件缺失、被改动或未列入清单的备案包将被拒绝，并列出这些文件。版本号默认取备案包的版本号。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="50"/>
        <source>Filing package (zip or manifest-sha256.txt)</source>
        <translation>备案包（zip 或 manifest-sha256.txt）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="50"/>
        <source>Filing packages (*.zip manifest-sha256.txt)</source>
        <translation>备案包 (*.zip manifest-sha256.txt)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="57"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="60"/>
        <source>Version id (default: the package&apos;s)</source>
        <translation>版本号（默认取备案包的版本号）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="65"/>
        <source>Units of the package</source>
        <translation>备案包中的单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="74"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="75"/>
        <source>Quality check</source>
        <translation>质检结论</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="84"/>
        <source>no manifest</source>
        <translation>没有校验清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="85"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="86"/>
        <source>checksum differs</source>
        <translation>校验值不符</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="87"/>
        <source>not in the manifest</source>
        <translation>未列入校验清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="88"/>
        <source>unreadable manifest line</source>
        <translation>无法读取的清单行</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="91"/>
        <source>The package does not match its manifest; nothing was imported: {0}</source>
        <translation>备案包与其校验清单不符，未导入任何内容：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="105"/>
        <source>{0} is not a readable filing package: {1}</source>
        <translation>{0} 不是可读取的备案包：{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="117"/>
        <source>The package has no unit layer ({0} in {1}).</source>
        <translation>备案包中没有单元图层（{1} 中的 {0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="146"/>
        <source>All checksums of the manifest verified.</source>
        <translation>清单中的全部校验值均已核验通过。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_filing.py" line="173"/>
        <source>Package {0} saved as a version: {1} units, {2} requirements ({3}).</source>
        <translation>备案包 {0} 已保存为版本：单元 {1} 个，准入要求 {2} 条（{3}）。</translation>
    </message>
</context>
<context>
    <name>InputsMixin</name>
    <message>
        <location filename="../processing_provider/inputs.py" line="15"/>
        <source>Xi&apos;an 1980</source>
        <translation>西安1980</translation>
    </message>
    <message>
        <location filename="../processing_provider/inputs.py" line="15"/>
        <source>Beijing 1954</source>
        <translation>北京1954</translation>
    </message>
    <message>
        <location filename="../processing_provider/inputs.py" line="69"/>
        <source>Layer {0} is in {1} ({2}, {3}): it is transformed to CGCS2000 with {4}. Without local transformation parameters the shift can reach tens of metres; set them in the project&apos;s datum transformations if you have them.</source>
        <translation>图层 {0} 采用 {1}（{2}，{3}坐标系）：已通过 {4} 转换到 CGCS2000。没有本地转换参数时偏差可达数十米；如有转换参数，请在工程的基准面转换中设置。</translation>
    </message>
    <message>
        <location filename="../processing_provider/inputs.py" line="82"/>
        <source>Layer {0} has no coordinate reference system: set it in the layer properties.</source>
        <translation>图层 {0} 没有坐标参考系，请在图层属性中设置。</translation>
    </message>
    <message>
        <location filename="../processing_provider/inputs.py" line="90"/>
        <source>Layer {0} does not lie in China&apos;s CGCS2000 3-degree zones ({1}); check its coordinate reference system.</source>
        <translation>图层 {0} 不在中国CGCS2000 3度带范围内（{1}），请检查其坐标参考系。</translation>
    </message>
    <message>
        <location filename="../processing_provider/inputs.py" line="117"/>
        <source>The unit layer has no {0} field; choose it in the parameters.</source>
        <translation>单元图层没有 {0} 字段，请在参数中指定。</translation>
    </message>
</context>
<context>
    <name>LiveCheck</name>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="28"/>
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="29"/>
        <source>Gap</source>
        <translation>缝隙</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="30"/>
        <source>Sliver part</source>
        <translation>细碎部分</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="31"/>
        <source>Leaves the county</source>
        <translation>超出县界</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="32"/>
        <source>Red line outside priority units</source>
        <translation>生态保护红线未落在优先保护单元内</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="33"/>
        <source>Invalid geometry</source>
        <translation>几何无效</translation>
    </message>
</context>
<context>
    <name>LiveCheckController</name>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="186"/>
        <source>Live check</source>
        <translation>实时质检</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/live_check.py" line="186"/>
        <source>{0} problems after the edit: {1}</source>
        <translation>编辑后发现 {0} 处问题：{1}</translation>
    </message>
</context>
<context>
    <name>LoadVersion</name>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="33"/>
        <source>Open a version</source>
        <translation>打开成果版本</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="36"/>
        <source>Opens one version of the project database&apos;s version register as layers: the version with the given id, or else the version in force on the given date (the latest published on or before it; today when no date is given). The register is listed in the log.</source>
        <translation>将工程库版本登记中的一个版本打开为图层：给定版本号的版本，否则为给定日期生效的版本（该日期或之前最近发布的版本；未给日期时为今天）。日志中列出版本登记。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="44"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="47"/>
        <source>Version id</source>
        <translation>版本号</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="50"/>
        <source>Version in force on (YYYY-MM-DD)</source>
        <translation>在此日期生效的版本（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="55"/>
        <source>Units of the version</source>
        <translation>该版本的单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="60"/>
        <source>Access list of the version</source>
        <translation>该版本的准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="60"/>
        <source>Regions of the version</source>
        <translation>该版本的准入清单区域</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="77"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/load_version.py" line="120"/>
        <source>Opened version {0}.</source>
        <translation>已打开版本 {0}。</translation>
    </message>
</context>
<context>
    <name>MergeUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/merge_units.py" line="14"/>
        <source>Merge units within polygons</source>
        <translation>按范围面合并单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/merge_units.py" line="17"/>
        <source>Merge areas</source>
        <translation>合并范围</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/merge_units.py" line="20"/>
        <source>Units lying mostly (over half their area) inside one polygon are merged, one unit per county and class. The largest keeps its code; the other codes are retired and never given again. Writes the edited unit layer and one change-journal row per merge.</source>
        <translation>大部分（一半以上面积）位于同一范围面内的单元按县（区）和分类合并为一个单元。面积最大的单元保留编码，其余编码废止且不再使用。输出编辑后的单元图层，每次合并写一条变更记录。</translation>
    </message>
</context>
<context>
    <name>OverlapAnalysis</name>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="66"/>
        <source>Overlap analysis</source>
        <translation>叠加分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="82"/>
        <source>Features to analyse</source>
        <translation>分析对象</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="87"/>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="92"/>
        <source>Constraint layers</source>
        <translation>管控要素图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="97"/>
        <source>Buffers (m)</source>
        <translation>缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="102"/>
        <source>Overlaps</source>
        <translation>叠加结果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="116"/>
        <source>Choose at least one constraint layer.</source>
        <translation>请至少选择一个管控要素图层。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="122"/>
        <source>Buffers must be one number or one per constraint layer: {0}</source>
        <translation>缓冲距离须为一个数值，或按管控图层逐一给出：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="150"/>
        <source>{0} overlaps</source>
        <translation>{0} 处重叠</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="69"/>
        <source>For every feature of the input layer (points, lines or polygons) and every constraint layer (red line, permanent farmland, water sources…), the overlapping area or length, or whether a point falls inside, and its share of the feature. Constraint features that overlap each other are counted once. Buffers (metres) are given either once for all constraint layers or as a comma-separated list in the order of the layers. Areas and lengths are planar in the CGCS2000 3-degree Gauss-Krüger zone. Each row names the constraint's role (chosen in the project screening panel, else guessed from the layer name: 生态红线, STBHHX, YJJBNT, CZKFBJ …); layers of unknown role are reported. Every repaired input feature is logged.</source>
        <translation>对输入图层（点、线或面）的每个要素与每个管控要素图层（生态保护红线、永久基本农田、饮用水水源保护区等），计算重叠面积或长度、点是否落入，以及占要素的比例。管控要素之间相互重叠的部分只计一次。缓冲距离（米）可对所有管控图层给一个值，或按图层顺序以逗号分隔逐一给出。面积和长度为CGCS2000 3度带高斯-克吕格投影下的平面量算值。每行注明管控要素的角色（取准入研判面板中选定的角色，否则按图层名称推断：生态红线、STBHHX、YJJBNT、CZKFBJ 等）；角色未知的图层会在日志中报告。每个被修复的输入要素都记入日志。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="221"/>
        <source>The overlap analysis cannot run in the database: {0}.</source>
        <translation>叠加分析无法在数据库中运行：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="224"/>
        <source>Overlap analysis runs in QGIS: {0}.</source>
        <translation>叠加分析在 QGIS 中运行：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="226"/>
        <source>Overlap analysis runs in the database.</source>
        <translation>叠加分析在数据库中运行。</translation>
    </message>
</context>
<context>
    <name>PublishProject</name>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="28"/>
        <source>Publish project database to PostGIS</source>
        <translation>发布工程库到 PostGIS</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="44"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="47"/>
        <source>PostGIS connection</source>
        <translation>PostGIS 连接</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="52"/>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="74"/>
        <source>Give the schema to publish to.</source>
        <translation>请指定要发布到的模式。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="120"/>
        <source>{0}: {1} rows</source>
        <translation>{0}：{1} 行</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="131"/>
        <source>The staging schema {0} could not be removed.</source>
        <translation>无法删除临时模式 {0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="88"/>
        <source>Published to schema {0}.</source>
        <translation>已发布到模式 {0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="31"/>
        <source>Copies the project database (units, access list, check results, access-list regions, assessment log, versions with their snapshots, change journal) into a schema of a PostGIS database saved in QGIS, with the same fields, feature ids, primary keys and spatial indexes. The tables are written to a new schema first, so a failed or cancelled run leaves the target as it was. An existing schema is left alone unless asked: replaced (only if it holds nothing but EcoZoning tables), or updated in place in one transaction — rows gone from the project database are deleted, changed rows updated, new rows added — which keeps the schema's grants, views and other tables and the rows that did not change.</source>
        <translation>将工程库（管控单元、准入清单、质检结果、准入清单区域、研判记录、版本及其快照、单元变更记录）复制到 QGIS 中已保存的 PostGIS 数据库的一个模式中，字段、要素 ID、主键和空间索引与工程库一致。各表先写入一个新模式，运行失败或取消时目标模式保持原样。已存在的模式默认不动，可选择：替换（仅当其中只有 EcoZoning 的表时），或在一个事务中就地更新——删除工程库中已不存在的行，更新有变化的行，添加新行——保留该模式的授权、视图、其他表以及未变化的行。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="53"/>
        <source>If the schema exists</source>
        <translation>模式已存在时</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="53"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="53"/>
        <source>Replace it</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="53"/>
        <source>Update it in place</source>
        <translation>就地更新</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="97"/>
        <source>{0}: not in this project database, published empty.</source>
        <translation>{0}：本工程库中没有该表，发布为空表。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/publish_project.py" line="110"/>
        <source>{0}: {1} rows deleted, {2} updated, {3} added</source>
        <translation>{0}：删除 {1} 行，更新 {2} 行，新增 {3} 行</translation>
    </message>
</context>
<context>
    <name>QuickCheckController</name>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="331"/>
        <source>unknown code</source>
        <translation>未知代码</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="387"/>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="430"/>
        <source>Screening</source>
        <translation>研判对象</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="469"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="484"/>
        <source>Constraints</source>
        <translation>管控要素</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="484"/>
        <source>clear</source>
        <translation>未占用</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="499"/>
        <source>Requirements</source>
        <translation>管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="507"/>
        <source>{0:.0f} ms</source>
        <translation>{0:.0f} 毫秒</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="509"/>
        <source> (indexes built in {0:.0f} ms)</source>
        <translation>（建立索引 {0:.0f} 毫秒）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="533"/>
        <source>Select a feature on the active layer first.</source>
        <translation>请先在当前图层上选择一个要素。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="571"/>
        <source>Report folder</source>
        <translation>报告文件夹</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="650"/>
        <source>Report written to {0}</source>
        <translation>报告已写出至 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="688"/>
        <source>Project screening</source>
        <translation>准入研判</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="311"/>
        <source>(not set)</source>
        <translation>（未指定）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="512"/>
        <source>Constraint layer {0}: role unknown; choose it in the list above.</source>
        <translation>管控要素图层 {0}：角色未知，请在上方列表中选择。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="517"/>
        <source>The geometry was invalid and has been repaired ({0}).</source>
        <translation>该几何无效，已修复（{0}）。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="523"/>
        <source>{0} invalid features of the input layers repaired: {1}</source>
        <translation>输入图层中有 {0} 个无效要素已修复：{1}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="296"/>
        <source>Index out of date: it is rebuilt in the background.</source>
        <translation>研判日志未写入：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="414"/>
        <source>Choose the unit layer.</source>
        <translation>请选择管控单元图层。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="362"/>
        <source>EcoZoning: project screening index</source>
        <translation>生态环境分区管控：准入研判索引</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="372"/>
        <source>Building the index in the background…</source>
        <translation>正在后台建立索引…</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="383"/>
        <source>Index not built.</source>
        <translation>索引未建立。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="391"/>
        <source>Ready: {0} units indexed.</source>
        <translation>就绪：已索引 {0} 个单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="417"/>
        <source>Building the index; the result follows…</source>
        <translation>正在建立索引，完成后显示结果…</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="673"/>
        <source>The assessment log was not written: {0}</source>
        <translation>研判日志未写入：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="568"/>
        <source>A report is being written; wait for it or cancel it.</source>
        <translation>正在写出报告，请等待完成或取消。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="655"/>
        <source>The report was not written: {0}</source>
        <translation>报告未写出：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="613"/>
        <source>EcoZoning: screening report</source>
        <translation>EcoZoning：研判报告</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="632"/>
        <source>Writing the report…</source>
        <translation>正在写出报告…</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="635"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="660"/>
        <source>Report cancelled; nothing was written.</source>
        <translation>报告已取消，未写出任何文件。</translation>
    </message>
</context>
<context>
    <name>QuickCheckDock</name>
    <message>
        <location filename="../ui/quick_check_dock.py" line="45"/>
        <source>Project screening</source>
        <translation>准入研判</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_dock.py" line="151"/>
        <source>chosen</source>
        <translation>已指定</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_dock.py" line="147"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_dock.py" line="149"/>
        <source>guessed</source>
        <translation>按名称推断</translation>
    </message>
</context>
<context>
    <name>QuickCheckPanel</name>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="9"/>
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="11"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="13"/>
        <source>Constraint layers</source>
        <translation>管控要素图层</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="15"/>
        <source>Industry (GB/T 4754)</source>
        <translation>行业（GB/T 4754）</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="16"/>
        <source>Code or name, e.g. 2614 or 水泥</source>
        <translation>代码或名称，如 2614 或 水泥</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="18"/>
        <source>Buffer (m)</source>
        <translation>缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="25"/>
        <source>Point</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="26"/>
        <source>Line</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="27"/>
        <source>Polygon</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="28"/>
        <source>Selected feature</source>
        <translation>所选要素</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="32"/>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="32"/>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="32"/>
        <source>Finding</source>
        <translation>研判结果</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="36"/>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="20"/>
        <source>Role of each ticked constraint layer: guessed from its name, change it here (saved in the project)</source>
        <translation>每个已勾选管控要素图层的角色：按名称推断，可在此修改（随工程保存）</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="20"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="20"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="20"/>
        <source>Role source</source>
        <translation>角色来源</translation>
    </message>
</context>
<context>
    <name>ReclassifyUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/reclassify_units.py" line="20"/>
        <source>Reclassify units by polygons</source>
        <translation>按范围面局部调整分类</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/reclassify_units.py" line="23"/>
        <source>Areas to reclassify</source>
        <translation>调整范围</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/reclassify_units.py" line="26"/>
        <source>In each county, the land of the units inside a polygon becomes one new unit of the chosen class with the next free code; the units it came from shrink (a unit left with nothing is removed and its code retired). Writes the edited unit layer and one change-journal row per county and polygon.</source>
        <translation>在每个县（区）内，范围面内的单元用地成为所选分类的一个新单元，取下一个可用编码；原单元相应缩小（完全被划走的单元删除，编码废止）。输出编辑后的单元图层，每个县（区）和范围面写一条变更记录。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/reclassify_units.py" line="35"/>
        <source>New class</source>
        <translation>新分类</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/reclassify_units.py" line="35"/>
        <source>Priority protection</source>
        <translation>优先保护</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/reclassify_units.py" line="35"/>
        <source>Key control</source>
        <translation>重点管控</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/reclassify_units.py" line="35"/>
        <source>General control</source>
        <translation>一般管控</translation>
    </message>
</context>
<context>
    <name>ReportTask</name>
    <message>
        <location filename="../plugin/controllers/report_task.py" line="96"/>
        <source>{0} exists already; it was not replaced.</source>
        <translation>{0} 已存在，未被替换。</translation>
    </message>
</context>
<context>
    <name>ReportingMixin</name>
    <message>
        <location filename="../processing_provider/reporting.py" line="16"/>
        <source>planar area in the layer&apos;s CRS</source>
        <translation>图层坐标系下的平面面积</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="18"/>
        <source>ellipsoidal area on the CGCS2000 ellipsoid</source>
        <translation>CGCS2000 椭球面面积</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="19"/>
        <source>planar area in the CGCS2000 3-degree Gauss-Krüger zone of each feature</source>
        <translation>各要素所在 CGCS2000 3 度带高斯-克吕格投影平面面积</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="27"/>
        <source>Layer {0}, feature {1}: no usable geometry after repair, left out</source>
        <translation>图层 {0} 要素 {1}：修复后没有可用的几何，未纳入分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="29"/>
        <source>Layer {0}, feature {1}: invalid geometry repaired ({2})</source>
        <translation>图层 {0} 要素 {1}：几何无效，已修复（{2}）</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="37"/>
        <source>Constraint layer {0}: role unknown (not recognised from its name). Give it as a role parameter or choose its role in the project screening panel; until then projects on it are concluded 待补充信息.</source>
        <translation>管控要素图层 {0}：角色未知（无法从名称识别）。请通过角色参数指定，或在准入研判面板中选择其角色；在此之前，占用该图层的项目结论为待补充信息。</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="45"/>
        <source>guessed from its name</source>
        <translation>按名称推断</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="45"/>
        <source>chosen</source>
        <translation>已指定</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="46"/>
        <source>Constraint layer {0}: {1} ({2}), {3}</source>
        <translation>管控要素图层 {0}：{1}（{2}），{3}</translation>
    </message>
    <message>
        <location filename="../processing_provider/reporting.py" line="60"/>
        <source>Layer {0} is given as {1}, but its name or saved role says {2}: check the parameters.</source>
        <translation>图层 {0} 被指定为{1}，但其名称或已保存的角色为{2}：请检查参数。</translation>
    </message>
</context>
<context>
    <name>RequirementDialog</name>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="14"/>
        <source>Requirement</source>
        <translation>管控要求</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="10"/>
        <source>Dimension</source>
        <translation>管控维度</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="12"/>
        <source>Kind</source>
        <translation>要求类型</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="16"/>
        <source>Industry codes</source>
        <translation>行业代码</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="17"/>
        <source>e.g. 2614, C26 (separated by commas)</source>
        <translation>如 2614, C26（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="18"/>
        <source>Legal basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="20"/>
        <source>Source document</source>
        <translation>来源文件</translation>
    </message>
</context>
<context>
    <name>RequirementEdits</name>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="60"/>
        <source>Add requirement</source>
        <translation>添加管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="86"/>
        <source>The requirement could not be added.</source>
        <translation>无法添加管控要求。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="115"/>
        <source>Edit requirement</source>
        <translation>编辑管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="133"/>
        <source>Delete requirement</source>
        <translation>删除管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="133"/>
        <source>Delete requirements</source>
        <translation>删除管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="161"/>
        <source>Reorder requirements</source>
        <translation>调整管控要求顺序</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="201"/>
        <source>Only the unit&apos;s own requirements can be changed here; inherited ones are changed where they are defined.</source>
        <translation>此处只能修改本单元自身的管控要求；继承的管控要求须在其定义处修改。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="216"/>
        <source>Select a unit and add an access-list table first.</source>
        <translation>请先选择单元并添加准入清单表。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="223"/>
        <source>{0} cannot be edited.</source>
        <translation>{0} 不可编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="230"/>
        <source>{0} is now in edit mode: save or roll back the edits with QGIS.</source>
        <translation>{0} 已进入编辑模式：请通过QGIS保存或回滚编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="268"/>
        <source>A requirement needs a text.</source>
        <translation>管控要求内容不能为空。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="272"/>
        <source>The dimension must be one of: {0}.</source>
        <translation>管控维度必须为以下之一：{0}。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_edits.py" line="276"/>
        <source>The kind must be one of: {0}.</source>
        <translation>要求类型必须为以下之一：{0}。</translation>
    </message>
</context>
<context>
    <name>RequirementTreeModel</name>
    <message>
        <location filename="../plugin/controllers/access_list_model.py" line="120"/>
        <source>(no dimension)</source>
        <translation>（无管控维度）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_model.py" line="166"/>
        <source>Unit-level requirement {0}: double-click to edit.</source>
        <translation>单元级管控要求 {0}：双击可编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_model.py" line="169"/>
        <source>Inherited from {0} {1}: read-only here. Use &apos;Show owner&apos; to edit it where it is defined.</source>
        <translation>继承自{0} {1}：此处只读。请使用“转到定义处”在其定义处编辑。</translation>
    </message>
</context>
<context>
    <name>SaveVersion</name>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="39"/>
        <source>Save a version</source>
        <translation>保存成果版本</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="42"/>
        <source>Saves the units (and optionally the access list and regions) as a version in the project database's version register, with its title, 文号, dates (编制, 发布, 备案), type (初次划定, 定期调整, 动态更新) and reason. Versions are only ever added: an existing version id is refused, and older versions are never changed. Dates are written YYYY-MM-DD.</source>
        <translation>将单元（及可选的准入清单和区域）连同成果名称、文号、日期（编制、发布、备案）、版本类型（初次划定、定期调整、动态更新）和调整原因保存为工程库版本登记中的一个版本。版本只增不改：已有的版本号将被拒绝，旧版本永不改动。日期格式为 YYYY-MM-DD。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="51"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="55"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="60"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="68"/>
        <source>Access-list regions</source>
        <translation>准入清单区域</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="76"/>
        <source>Units saved</source>
        <translation>保存的单元数</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="139"/>
        <source>Layer {0} has no field {1}.</source>
        <translation>图层 {0} 没有字段 {1}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/save_version.py" line="144"/>
        <source>Version {0} saved: {1} units, {2} requirements, {3} regions.</source>
        <translation>版本 {0} 已保存：单元 {1} 个，准入要求 {2} 条，区域 {3} 个。</translation>
    </message>
</context>
<context>
    <name>ScreenLeads</name>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="53"/>
        <source>Screen supervision leads</source>
        <translation>监督线索筛查</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="56"/>
        <source>Screens source layers (enterprises, pollutant discharge permits, EIA approvals, remote-sensing change patches; points or polygons) with the compliance engine and lists a lead for every feature inside the red line or another prohibiting constraint, of an industry forbidden by its unit's effective access list, breaking a region rule (such as no mining within 1 km of a river), inside a restricting constraint, under a key-control unit's requirement, or a new activity inside a priority-protection unit (dated on or after the date given, or any date when none is given). Each lead has its reason, unit, requirement, severity, area or position and source feature, and a status (待核实 / 属实 / 不属实 / 已整改): give the previous leads to keep the status and note of leads that still exist (a lead is known by its source layer, the feature's id field or geometry, reason, requirement and unit). Industry, date and id fields are used where a layer has them. Writes summaries per county and unit, an HTML report and an Excel workbook, and appends the counts to the project database's assessment log when one is given.</source>
        <translation>用符合性分析引擎筛查来源图层（企业、排污许可、环评审批、遥感人类活动图斑；点或面），对以下情形各列出一条线索：位于生态保护红线或其他禁止类管控要素内；行业属于所在单元有效准入清单禁止的行业；违反区域管控规则（如河道一公里范围内禁止采矿）；位于限制类管控要素内；适用重点管控单元的管控要求；优先保护单元内的新增活动（日期不早于所给日期；未给日期时不论日期）。每条线索给出原因、单元、管控要求、严重程度、面积或位置及来源要素，并有核实状态（待核实 / 属实 / 不属实 / 已整改）：提供上次的线索可保留仍存在线索的状态和说明（线索按来源图层、要素编号字段或几何、原因、管控要求和单元识别）。图层有行业代码、日期和编号字段时使用之。输出按区县和单元的汇总、HTML报告和Excel工作簿；指定工程库时将筛查数量追加到研判日志。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="74"/>
        <source>Source layers</source>
        <translation>线索来源图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="79"/>
        <source>Industry code field (GB/T 4754-2017)</source>
        <translation>行业代码字段（GB/T 4754-2017）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="79"/>
        <source>Date field</source>
        <translation>日期字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="79"/>
        <source>Stable id field (credit code, permit number…)</source>
        <translation>稳定编号字段（统一社会信用代码、许可证编号等）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="93"/>
        <source>Tried when empty: {0}</source>
        <translation>留空时依次尝试：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="95"/>
        <source>New activities since</source>
        <translation>新增活动起始日期</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="103"/>
        <source>Other constraint layers</source>
        <translation>其他管控要素图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="104"/>
        <source>Previous leads (keep their status)</source>
        <translation>上次筛查线索（保留核实状态）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="112"/>
        <source>Project database to log the screening in (assessment log)</source>
        <translation>记录筛查结果的工程库（研判日志）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="121"/>
        <source>Supervision leads</source>
        <translation>监督线索</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="126"/>
        <source>Leads per county</source>
        <translation>按区县汇总线索</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="126"/>
        <source>Leads per unit</source>
        <translation>按单元汇总线索</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="135"/>
        <source>Screening report</source>
        <translation>筛查报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="140"/>
        <source>Excel workbook</source>
        <translation>Excel工作簿</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="159"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="210"/>
        <source>Areas: {0}</source>
        <translation>面积计算规则：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="218"/>
        <source>{0}: {1} features, {2} leads ({3} of high severity)</source>
        <translation>{0}：{1} 个要素，{2} 条线索（其中高等级 {3} 条）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="302"/>
        <source>Give at least one source layer.</source>
        <translation>请至少提供一个线索来源图层。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="330"/>
        <source>Source layer {0}: {1} features; industry field {2}, date field {3}, id field {4}</source>
        <translation>来源图层 {0}：{1} 个要素；行业代码字段 {2}，日期字段 {3}，编号字段 {4}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="352"/>
        <source>The previous leads lack the fields {0}.</source>
        <translation>上次筛查线索缺少字段 {0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="393"/>
        <source>The Excel workbook was not written: {0}</source>
        <translation>Excel 工作簿未写入：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="409"/>
        <source>The assessment log was not written: {0}</source>
        <translation>研判日志未写入：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="411"/>
        <source>Screening counts logged in {0}</source>
        <translation>筛查数量已写入 {0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="259"/>
        <source>the unit layer is not a layer of the project</source>
        <translation>单元图层不是工程中的图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="271"/>
        <source>The screening cannot run in the database: {0}.</source>
        <translation>无法在数据库中运行线索筛查：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="274"/>
        <source>Units and constraints are read whole: {0}.</source>
        <translation>单元和管控要素整层读取：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/screen_leads.py" line="283"/>
        <source>Units and constraints near the source features are selected in the database.</source>
        <translation>已在数据库中选出线索来源要素附近的单元和管控要素。</translation>
    </message>
</context>
<context>
    <name>SplitUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/split_units.py" line="12"/>
        <source>Split units by lines</source>
        <translation>按线拆分单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/split_units.py" line="15"/>
        <source>Cutting lines</source>
        <translation>分割线</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/split_units.py" line="18"/>
        <source>Cuts every unit a line crosses. The largest part keeps the unit&apos;s code; every other part becomes a new unit of the same county and class with the next free code (codes in the journal are never given again). MJ of every changed unit is recomputed. Writes the edited unit layer and one change-journal row per edit.</source>
        <translation>拆分分割线穿过的每个单元。面积最大的部分保留原编码，其余部分成为同县（区）同分类的新单元，取下一个可用编码（变更记录中出现过的编码不再使用）。重新计算每个变更单元的 MJ。输出编辑后的单元图层，每次编辑写一条变更记录。</translation>
    </message>
</context>
<context>
    <name>TrackingIndicators</name>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="130"/>
        <source>Tracking indicators</source>
        <translation>跟踪评估指标</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="54"/>
        <source>Yearly tracking (跟踪评估) per county and for the whole area: unit counts and areas by class with the change against a previous unit layer; the red line's area and its share inside priority-protection units; projects assessed and the shares of their verdicts, from the project database's assessment log; leads found, verified and closed, and the area of human activity inside priority units, from a screened lead layer; and for each layer of your own (for example monitoring sections with a target-met field), the share meeting the target per unit class. Yearly figures are given for every year of the range. Writes a table, an Excel workbook and an HTML report with year-on-year charts.</source>
        <translation>按区县和全域进行年度跟踪评估：各类管控单元的数量和面积及与上一版单元图层相比的变化；生态保护红线面积及其位于优先保护单元内的比例；来自工程库研判日志的建设项目研判数量及各研判结论占比；来自线索筛查结果的线索发现、核实和整改数量，以及优先保护单元内人类活动面积；对用户提供的每个图层（例如带是否达标字段的监测断面），按单元分类统计达标比例。逐年指标对所选年份范围内每一年给出。输出指标表、Excel 工作簿和附逐年对比图的 HTML 报告。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="68"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="71"/>
        <source>Previous version of the units</source>
        <translation>上一版环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="79"/>
        <source>Ecological protection red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="84"/>
        <source>Project database with the assessment log</source>
        <translation>含研判日志的工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="93"/>
        <source>Supervision leads (from the screening)</source>
        <translation>监督线索（线索筛查结果）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="101"/>
        <source>Your own indicator layers (points with a target-met field)</source>
        <translation>自定义指标图层（带是否达标字段的点）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="109"/>
        <source>Target-met field of your layers</source>
        <translation>自定义图层的是否达标字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="109"/>
        <source>Date field of your layers</source>
        <translation>自定义图层的日期字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="115"/>
        <source>First year</source>
        <translation>起始年份</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="115"/>
        <source>Last year</source>
        <translation>截止年份</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="135"/>
        <source>Excel workbook</source>
        <translation>Excel工作簿</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="140"/>
        <source>Tracking report</source>
        <translation>跟踪评估报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="153"/>
        <source>The last year ({0}) is before the first year ({1}).</source>
        <translation>截止年份（{0}）早于起始年份（{1}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="164"/>
        <source>Areas: {0}</source>
        <translation>面积计算规则：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="207"/>
        <source>The assessment log cannot be read: {0}</source>
        <translation>无法读取研判日志：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="210"/>
        <source>Assessment log: {0} rows</source>
        <translation>研判日志：{0} 条记录</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="216"/>
        <source>The lead layer lacks the fields {0}.</source>
        <translation>线索图层缺少字段 {0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="239"/>
        <source>Layer {0} has no target-met field ({1}).</source>
        <translation>图层 {0} 没有是否达标字段（{1}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="253"/>
        <source>Indicator layer {0}: target-met field {1}, date field {2}</source>
        <translation>指标图层 {0}：是否达标字段 {1}，日期字段 {2}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="275"/>
        <source>The Excel workbook was not written: {0}</source>
        <translation>Excel 工作簿未写入：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/tracking_indicators.py" line="284"/>
        <source>{0} indicator values</source>
        <translation>共 {0} 个指标值</translation>
    </message>
</context>
<context>
    <name>UnitDock</name>
    <message>
        <location filename="../ui/unit_dock.py" line="38"/>
        <source>Control unit</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_dock.py" line="134"/>
        <source>Area field</source>
        <translation>面积字段</translation>
    </message>
    <message>
        <location filename="../ui/unit_dock.py" line="134"/>
        <source>The field {0} of {1} holds about {2:,.0f} times the units' area in km²: it seems to be in {3}, not km². Stop using it as MJ (area in km²)? MJ is then not shown or recomputed until you map a km² field.</source>
        <translation>图层 {1} 的字段 {0} 约为单元面积（平方公里）的 {2:,.0f} 倍，单位似乎是 {3} 而不是平方公里。是否不再把它用作 MJ（面积，平方公里）？在映射一个以平方公里为单位的字段之前，MJ 将不显示也不重算。</translation>
    </message>
</context>
<context>
    <name>UnitEditAlgorithm</name>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="44"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="52"/>
        <source>Unit code field</source>
        <translation>单元编码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="52"/>
        <source>Class field</source>
        <translation>分类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="52"/>
        <source>County code field</source>
        <translation>行政区划代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="60"/>
        <source>Reason for the change</source>
        <translation>变更原因</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="67"/>
        <source>Edited units</source>
        <translation>编辑后的单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="72"/>
        <source>Change journal</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="125"/>
        <source>Unit feature {0} has no geometry.</source>
        <translation>单元要素 {0} 没有几何。</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="131"/>
        <source>Unit feature {0} has no valid 6-digit county code.</source>
        <translation>单元要素 {0} 没有有效的 6 位行政区划代码。</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="172"/>
        <source>Shape {0} changed nothing: {1}</source>
        <translation>第 {0} 个图形未产生变更：{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="175"/>
        <source>{0} edits, {1} units written.</source>
        <translation>完成 {0} 次编辑，写出 {1} 个单元。</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="182"/>
        <source>the line does not cut the unit in two</source>
        <translation>该线未将单元分为两部分</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="183"/>
        <source>the units are of different classes</source>
        <translation>单元分类不同</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="184"/>
        <source>fewer than two units to merge</source>
        <translation>可合并的单元少于两个</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="185"/>
        <source>the polygon covers no unit of another class</source>
        <translation>该面未覆盖其他分类的单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="186"/>
        <source>no such unit class</source>
        <translation>没有这个单元分类</translation>
    </message>
    <message>
        <location filename="../processing_provider/unit_edit_base.py" line="195"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何内容。</translation>
    </message>
</context>
<context>
    <name>UnitEditorController</name>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="258"/>
        <source>Invalid code: {0}</source>
        <translation>编码无效：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="261"/>
        <source>Duplicate code: another unit has {0}</source>
        <translation>编码重复：另一个单元也使用 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="264"/>
        <source>The class digit {0} of the code does not match the class {1}</source>
        <translation>编码中的分类位 {0} 与分类 {1} 不一致</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="269"/>
        <source>The county digits {0} of the code do not match the county code {1}</source>
        <translation>编码中的县级代码 {0} 与行政区划代码 {1} 不一致</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="338"/>
        <source>The layer has no field for {0}.</source>
        <translation>图层中没有与 {0} 对应的字段。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="341"/>
        <source>Start editing the unit layer first.</source>
        <translation>请先开启单元图层的编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="348"/>
        <source>Edit unit {0}</source>
        <translation>编辑单元 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="361"/>
        <source>Set the county code and the class first.</source>
        <translation>请先填写行政区划代码和分类。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="408"/>
        <source>Control unit</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="235"/>
        <source>empty code</source>
        <translation>编码为空</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="236"/>
        <source>code is not text: {code!r}</source>
        <translation>编码不是文本：{code!r}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="237"/>
        <source>code has leading or trailing spaces</source>
        <translation>编码首尾含空格</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="238"/>
        <source>code contains full-width characters {chars}: use ASCII digits and letters</source>
        <translation>编码含全角字符“{chars}”，应使用半角数字和字母</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="241"/>
        <source>code contains non-ASCII characters {chars}: use ASCII digits and letters</source>
        <translation>编码含非 ASCII 字符“{chars}”，应使用半角数字和字母</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="244"/>
        <source>code must start with {prefix}</source>
        <translation>编码应以 {prefix} 开头</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="245"/>
        <source>code must have {length} characters, has {actual}</source>
        <translation>编码应为 {length} 位，实为 {actual} 位</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="246"/>
        <source>code must be {prefix} + {county_digits}-digit county code + class digit ({classes}) + {serial_digits}-digit serial</source>
        <translation>编码应为 {prefix} + {county_digits} 位行政区划代码 + 分类位（{classes}）+ {serial_digits} 位序号</translation>
    </message>
</context>
<context>
    <name>UnitPanel</name>
    <message>
        <location filename="../ui/unit_panel.ui" line="9"/>
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="15"/>
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="15"/>
        <source>Previous unit</source>
        <translation>上一个单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="17"/>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="17"/>
        <source>Next unit</source>
        <translation>下一个单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="18"/>
        <source>Pick on map</source>
        <translation>在地图上选取</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="19"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="25"/>
        <source>Unit code</source>
        <translation>单元编码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="29"/>
        <source>Next free code</source>
        <translation>下一个可用编码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="33"/>
        <source>Unit name</source>
        <translation>单元名称</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="35"/>
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="37"/>
        <source>Subtype</source>
        <translation>子类</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="39"/>
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="41"/>
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="43"/>
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="45"/>
        <source>County code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="47"/>
        <source>Area (km²)</source>
        <translation>面积（平方公里）</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="49"/>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="20"/>
        <source>Fields…</source>
        <translation>字段映射…</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="20"/>
        <source>Which layer field holds each field of the data model</source>
        <translation>图层中哪个字段对应数据模型的各字段</translation>
    </message>
</context>
<context>
    <name>UnitStatistics</name>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="69"/>
        <source>Unit statistics</source>
        <translation>单元统计</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="46"/>
        <source>Counts units and sums their area by class and subtype for each county and for the whole area, with each class's share of the county area (shares add up to 100%). Areas are planar in the CGCS2000 3-degree Gauss-Krüger zone, computed from the geometries. Fields default to the data model (XZQDM, COUNTY, ZHGKDYFL, DYZL) or their usual variants. Writes a table and an HTML page with a chart.</source>
        <translation>按县（区）及全域统计各分类、子类的单元数量和面积，以及各分类面积占县域面积的比例（合计为100%）。面积为CGCS2000 3度带高斯-克吕格投影下按几何计算的平面面积。字段默认采用数据模型中的名称（XZQDM、COUNTY、ZHGKDYFL、DYZL）或其常见变体。输出统计表和带图表的HTML页面。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="55"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="60"/>
        <source>County code field</source>
        <translation>行政区划代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="60"/>
        <source>County name field</source>
        <translation>县（区）名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="60"/>
        <source>Class field</source>
        <translation>分类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="60"/>
        <source>Subtype field</source>
        <translation>子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="74"/>
        <source>Statistics page</source>
        <translation>统计页面</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="74"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="101"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="123"/>
        <source>Areas: {0}</source>
        <translation>面积计算规则：{0}</translation>
    </message>
</context>
<context>
    <name>UpdateUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="38"/>
        <source>Update units (dynamic update)</source>
        <translation>单元动态更新</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="41"/>
        <source>Dynamic update after an input layer changed (a new red line, water-source zone, protected area or park). Give the current units, the previous and the new version of each changed layer (in the same order), and the delineation inputs as they are now. The land each changed layer gained or lost is overlaid with the current units (area gained and lost per unit); only the counties it touches are delineated again, with the current units as previous units, so continuing units keep their codes, new units take new serials and retired codes are never reused. Units of untouched counties are copied unchanged (same attributes, same geometry). The comparison with the current units is written as a change layer and, optionally, a report.</source>
        <translation>输入图层变化（新的生态保护红线、饮用水水源保护区、自然保护地或产业园区）后的动态更新。请给出现行单元、每个变化图层的原版本和新版本（顺序相同），以及现行的划定输入。各变化图层增加或减少的土地与现行单元叠加（每个单元增加和减少的面积）；只重新划定受影响的县（区），并以现行单元作为原单元，延续的单元保留编码，新单元取新序号，撤销的编码永不复用。未受影响县（区）的单元原样保留（属性和几何完全相同）。与现行单元的对比写出为变化图层，并可写出报告。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="56"/>
        <source>Current units</source>
        <translation>现行单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="59"/>
        <source>Changed layers: previous versions</source>
        <translation>变化图层：原版本</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="66"/>
        <source>Changed layers: new versions (same order)</source>
        <translation>变化图层：新版本（顺序相同）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="75"/>
        <source>Updated units</source>
        <translation>更新后的单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="80"/>
        <source>Units touched by the change</source>
        <translation>受变化影响的单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="89"/>
        <source>Unit changes</source>
        <translation>单元变化</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="98"/>
        <source>Report folder (HTML and PDF)</source>
        <translation>报告文件夹（HTML 和 PDF）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="112"/>
        <source>Give each changed layer twice, its previous and its new version in the same order ({0} previous, {1} new).</source>
        <translation>每个变化图层需给出两次：原版本和新版本，顺序相同（原版本 {0} 个，新版本 {1} 个）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="159"/>
        <source>The county layer has no county with code {0}.</source>
        <translation>行政区图层中没有代码为 {0} 的县（区）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="223"/>
        <source>Layer {0} has no field {1}.</source>
        <translation>图层 {0} 没有字段 {1}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="245"/>
        <source>Codes retired: {0}</source>
        <translation>撤销的编码：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="260"/>
        <source>Comparison of unit versions</source>
        <translation>环境管控单元调整对比报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="270"/>
        <source>{0}: unit {1} gains {2:.1f} m², loses {3:.1f} m²</source>
        <translation>{0}：单元 {1} 增加 {2:.1f} 平方米，减少 {3:.1f} 平方米</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/update_units.py" line="275"/>
        <source>Counties touched by the change: {0}</source>
        <translation>受变化影响的县（区）：{0}</translation>
    </message>
</context>
<context>
    <name>VersionMessages</name>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="75"/>
        <source>Give the version an id.</source>
        <translation>请填写版本号。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="76"/>
        <source>Version {0} already exists; versions are never overwritten.</source>
        <translation>版本 {0} 已存在，版本永不覆盖。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="79"/>
        <source>{0} is not a GeoPackage project database.</source>
        <translation>{0} 不是 GeoPackage 工程库。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="82"/>
        <source>The project database {0} has no table {1}.</source>
        <translation>工程库 {0} 中没有表 {1}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="85"/>
        <source>Writing table {0} failed; nothing was saved.</source>
        <translation>写入表 {0} 失败，未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="88"/>
        <source>Cancelled: nothing was saved.</source>
        <translation>已取消：未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="89"/>
        <source>The project database has no version {0}.</source>
        <translation>工程库中没有版本 {0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="92"/>
        <source>No version was in force on {0}.</source>
        <translation>{0} 时没有生效的版本。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="108"/>
        <source>{0}: &apos;{1}&apos; is not a date (YYYY-MM-DD).</source>
        <translation>{0}：“{1}”不是日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="34"/>
        <source>Version id</source>
        <translation>版本号</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="40"/>
        <source>Title</source>
        <translation>成果名称</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="41"/>
        <source>Document number (文号)</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="42"/>
        <source>Compiled on (YYYY-MM-DD)</source>
        <translation>编制日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="43"/>
        <source>Published on (YYYY-MM-DD)</source>
        <translation>发布日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="44"/>
        <source>Filed on (YYYY-MM-DD)</source>
        <translation>备案日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="45"/>
        <source>Compiled by</source>
        <translation>编制单位（人）</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="46"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="51"/>
        <source>Type</source>
        <translation>版本类型</translation>
    </message>
    <message>
        <location filename="../processing_provider/version_inputs.py" line="61"/>
        <source>Reason</source>
        <translation>调整原因</translation>
    </message>
</context>
</TS>
